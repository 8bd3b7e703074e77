/**
 * The `[features]` table, checked as cargo checks it when it loads a manifest (cargo's
 * `build_feature_map`, so `cargo metadata` fails on the same manifests):
 *
 * - every feature name follows cargo's feature-name rules;
 * - an optional dependency that no `dep:name` value mentions gets an implicit feature of its
 *   name (unless a feature of that name is declared);
 * - a value `name` names a feature, or an optional dependency that has its implicit feature;
 *   `dep:name` names an optional dependency; `name/feature` and `name?/feature` name a
 *   dependency (any kind; with `?` an optional one), with one `/` only and no `dep:`;
 * - every optional dependency is enabled by some feature (`dep:name`, its implicit feature,
 *   or `name/feature` without `?`).
 */
import type { DependencyEntry } from './dependencies';
import type { Manifest } from './manifest';
import { featureNameProblem, printable } from './names';
import { optStringArray, optTable } from './values';
import { sortedUnique } from '../core/compare';
import { RustDockerError } from '../core/errors';

type FeatureValue =
  | { readonly kind: 'feature'; readonly name: string }
  | { readonly kind: 'dep'; readonly dep: string }
  | { readonly kind: 'dep-feature'; readonly dep: string; readonly feature: string; readonly weak: boolean };

/** cargo's `FeatureValue::new`. */
function parseValue(value: string): FeatureValue {
  const slash = value.indexOf('/');
  if (slash >= 0) {
    const head = value.slice(0, slash);
    const weak = head.endsWith('?');
    return { kind: 'dep-feature', dep: weak ? head.slice(0, -1) : head, feature: value.slice(slash + 1), weak };
  }
  return value.startsWith('dep:') ? { kind: 'dep', dep: value.slice(4) } : { kind: 'feature', name: value };
}

/**
 * Checks `[features]` against the package's dependencies and returns the feature names cargo
 * reports: the declared ones plus the implicit features of optional dependencies, sorted.
 */
export function resolveFeatures(m: Manifest, deps: DependencyEntry[]): string[] {
  const table = optTable(m.raw, 'features', m.file) ?? {};
  const declared = new Map<string, FeatureValue[]>();
  const fail = (problem: string, fix: string) => new RustDockerError({ file: m.file, problem, fix: `${fix} (cargo rejects the manifest as well).` });
  for (const name of Object.keys(table)) {
    const problem = featureNameProblem(name);
    if (problem) {
      throw fail(problem, 'Rename the feature in `[features]` to letters, digits, `_`, `-`, `+` and `.`, starting with a letter, digit or `_`');
    }
    const values = optStringArray(table, name, m.file, `features.${name}`) ?? [];
    declared.set(name, values.map(parseValue));
  }

  const byName = new Map<string, DependencyEntry[]>();
  for (const d of deps) {
    byName.set(d.key, [...(byName.get(d.key) ?? []), d]);
  }
  const isOptional = (dep: string) => (byName.get(dep) ?? []).some((d) => d.optional);

  const explicit = new Set<string>();
  for (const values of declared.values()) {
    for (const v of values) {
      if (v.kind === 'dep') {
        explicit.add(v.dep);
      }
    }
  }
  const implicit = sortedUnique(deps.filter((d) => d.optional && !declared.has(d.key) && !explicit.has(d.key)).map((d) => d.key));
  const all = new Set([...declared.keys(), ...implicit]);

  for (const [feature, values] of declared) {
    for (const v of values) {
      const text = v.kind === 'feature' ? v.name : v.kind === 'dep' ? `dep:${v.dep}` : `${v.dep}${v.weak ? '?' : ''}/${v.feature}`;
      const where = `feature \`${printable(feature)}\` includes \`${printable(text)}\``;
      if (v.kind === 'feature') {
        if (declared.has(v.name)) {
          continue;
        }
        if (!byName.has(v.name)) {
          throw fail(`${where}, which is neither a dependency nor another feature.`, `Declare \`${printable(v.name)}\` in \`[features]\`, or fix the name`);
        }
        if (!isOptional(v.name)) {
          throw fail(`${where}, but \`${printable(v.name)}\` is not an optional dependency.`, `Add \`optional = true\` to the dependency \`${printable(v.name)}\`, or remove the value`);
        }
        if (!all.has(v.name)) {
          throw fail(`${where}, but \`${printable(v.name)}\` is an optional dependency without an implicit feature (another feature uses \`dep:${printable(v.name)}\`).`, `Write \`dep:${printable(v.name)}\` instead`);
        }
      } else if (v.kind === 'dep') {
        if (!byName.has(v.dep)) {
          throw fail(`${where}, but \`${printable(v.dep)}\` is not listed as a dependency.`, `Add \`${printable(v.dep)}\` to \`[dependencies]\` with \`optional = true\`, or remove the value`);
        }
        if (!isOptional(v.dep)) {
          throw fail(`${where}, but \`${printable(v.dep)}\` is not an optional dependency.`, `Add \`optional = true\` to the dependency \`${printable(v.dep)}\`, or remove the value`);
        }
      } else {
        if (v.feature.includes('/')) {
          throw fail(`multiple slashes in feature \`${printable(text)}\` (included by feature \`${printable(feature)}\`) are not allowed.`, 'Use `dependency/feature` with one `/`');
        }
        if (v.dep.startsWith('dep:')) {
          throw fail(`${where} with both \`dep:\` and \`/\`.`, 'Remove the `dep:` prefix');
        }
        if (!byName.has(v.dep)) {
          throw fail(`${where}, but \`${printable(v.dep)}\` is not a dependency.`, `Add \`${printable(v.dep)}\` as a dependency, or fix the name before the \`/\``);
        }
        if (v.weak && !isOptional(v.dep)) {
          throw fail(`${where} with a \`?\`, but \`${printable(v.dep)}\` is not an optional dependency.`, 'Remove the `?`, or make the dependency optional');
        }
      }
    }
  }

  const used = new Set<string>(implicit);
  for (const values of declared.values()) {
    for (const v of values) {
      if (v.kind === 'dep' || (v.kind === 'dep-feature' && !v.weak)) {
        used.add(v.dep);
      }
    }
  }
  const unused = [...byName.keys()].sort().find((name) => isOptional(name) && !used.has(name));
  if (unused !== undefined) {
    throw fail(`optional dependency \`${printable(unused)}\` is not included in any feature.`, `Make sure that \`dep:${printable(unused)}\` is included in one of the features in \`[features]\``);
  }
  return sortedUnique([...all]);
}
