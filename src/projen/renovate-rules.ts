/**
 * Renovate keeps the base-image lock files current when the repository's Renovate
 * configuration is projen's (`renovatebot: true`, `renovate.json5` at the root): the rules of
 * src/pin/renovate.ts for every lock file and Dockerfile of the project tree are added to it
 * at synthesis. A Renovate configuration the user owns is never written
 * (docs/supply-chain.md shows the rules to copy). One per root project.
 */
import * as path from 'path';
import type { Project } from 'projen';
import { Component } from 'projen';
import { compareStrings } from '../core/compare';
import { renovateCustomManager, renovatePackageRules } from '../pin/renovate';

const RULES_ID = 'RustDockerRenovateRules';

/** projen's Renovate configuration file. */
export const PROJEN_RENOVATE_FILE = 'renovate.json5';

export class RenovateRules extends Component {
  /** The rules of the root of `project`'s tree, created on first use. */
  public static of(project: Project): RenovateRules {
    const root = project.root;
    const existing = root.node.tryFindChild(RULES_ID);
    return existing instanceof RenovateRules ? existing : new RenovateRules(root);
  }

  private readonly locks = new Set<string>();
  private readonly dockerfiles = new Set<string>();

  private constructor(root: Project) {
    super(root, RULES_ID);
  }

  /** A lock file and the Dockerfile it pins (absolute paths). */
  public add(lockFile: string, dockerfile: string): void {
    this.locks.add(this.relative(lockFile));
    this.dockerfiles.add(this.relative(dockerfile));
  }

  public preSynthesize(): void {
    const file = this.project.tryFindObjectFile(PROJEN_RENOVATE_FILE);
    if (!file || this.locks.size === 0) {
      return;
    }
    const files = { locks: [...this.locks].sort(compareStrings), dockerfiles: [...this.dockerfiles].sort(compareStrings) };
    file.addToArray('customManagers', renovateCustomManager(files));
    file.addToArray('packageRules', ...renovatePackageRules(files));
  }

  private relative(file: string): string {
    return path.relative(this.project.outdir, file).split(path.sep).join('/');
  }
}
