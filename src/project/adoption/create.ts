import * as fs from 'fs';
import * as path from 'path';
import { readRepository } from './facts';
import type { Adoption, AdoptionRequest } from './plan';
import { planAdoption } from './plan';
import { renderProjenrc } from './projenrc';
import type { AdoptionSession } from './session';
import { adoptionSession } from './session';

/** What the project type's options say that creation needs. */
export interface CreationOptions extends AdoptionRequest {
  /** The command line of `projen new` (projen's `__new__` option field), when it is creating the project. */
  readonly newArgs?: { readonly [key: string]: unknown };
  readonly outdir?: string;
  readonly parent?: unknown;
  readonly projenrcTs?: boolean;
  readonly projenrcJson?: boolean;
  readonly cargoDir: string;
}

/** A project being created in an existing repository: what adoption decided, and the projenrc to write. */
export interface Creation {
  readonly adoption: Adoption;
  readonly rcFile: string;
  readonly rcText: string;
  readonly session?: AdoptionSession;
}

/**
 * The adoption of the repository when the project is being created: by `projen new` (projen
 * passes its command line as the options' `__new__` field, which `Project.initProject`
 * exposes once constructed) or by `projen-rust-docker adopt` (a session). Undefined for
 * every later synthesis (the projenrc exists then) and for subprojects. Decided before the
 * project is constructed, because some choices (no LICENSE) are constructor options; reads
 * only, so an error here leaves the repository untouched.
 */
export function planCreation(options: CreationOptions): Creation | undefined {
  const session = adoptionSession();
  const args = options.newArgs ?? session?.args;
  if (args === undefined || options.parent !== undefined || options.projenrcJson) {
    return undefined;
  }
  const outdir = path.resolve(options.outdir ?? '.');
  const rcName = (options.projenrcTs ?? true) ? '.projenrc.ts' : '.projenrc.js';
  const rcFile = path.join(outdir, rcName);
  if (fs.existsSync(rcFile)) {
    return undefined;
  }
  const adoption = planAdoption(readRepository(outdir, options.cargoDir), options);
  return { adoption, rcFile, rcText: renderProjenrc(args, adoption, rcName.endsWith('.ts') ? 'ts' : 'js'), ...(session ? { session } : {}) };
}
