import type { javascript } from 'projen';
import type { Adoption, AdoptionStatement } from './plan';
import { isRuntimeChoice } from './plan';

/**
 * The adopted options of one scope as an options object (runtime choices as `Runtime`
 * values; options shown commented out in `.projenrc.ts` are left out, as they are there).
 */
export function adoptedOptions(adoption: Adoption | undefined, scope: 'project' | 'image' | 'workflow'): { [name: string]: any } {
  const out: { [name: string]: unknown } = {};
  for (const option of adoption?.options ?? []) {
    if (option.scope === scope && !option.hint) {
      out[option.name] = isRuntimeChoice(option.value) ? option.value.runtime : option.value;
    }
  }
  return out;
}

/** Runs the adoption's statements on the project, as the `.projenrc.ts` written for it does. */
export function applyStatements(project: javascript.NodeProject, statements: AdoptionStatement[]): void {
  for (const s of statements) {
    switch (s.call) {
      case 'gitignore.addPatterns':
        project.gitignore.addPatterns(...s.args);
        break;
      case 'npmignore?.addPatterns':
        project.npmignore?.addPatterns(...s.args);
        break;
      case 'gitattributes.addAttributes':
        project.gitattributes.addAttributes(...s.args);
        break;
      case 'package.addField':
        project.package.addField(s.args[0], s.args[1]);
        break;
      case 'package.setScript':
        project.package.setScript(s.args[0], s.args[1]);
        break;
      case 'addDeps':
        project.addDeps(...s.args);
        break;
      case 'addDevDeps':
        project.addDevDeps(...s.args);
        break;
      case 'addPeerDeps':
        project.addPeerDeps(...s.args);
        break;
    }
  }
}
