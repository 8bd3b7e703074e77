import type { IConstruct } from 'constructs';
import { DockerWorkflow } from './docker-workflow';
import type { RustDockerImageOptions } from './options';
import { dockerfileModel, renderImageDockerfile } from '../dockerfile/dockerfile';
import type { ImagePlan } from '../plan/plan';
import { planImage } from '../plan/plan';
import { imageSummary } from '../plan/summary';
import { validateOptions } from '../plan/validate';
import { validated } from '../projen/context';
import type { SynthesisPlan } from '../projen/context';
import { RustImageComponent } from '../projen/image-component';

/**
 * A multi-stage Dockerfile and `.dockerignore` for a Rust binary, planned from the Cargo
 * workspace on every synthesis.
 *
 * The Cargo files are read when projen synthesizes, not when the component is created: add a
 * binary, bump `rust-version` or add a member, run `npx projen`, and the files follow.
 * Nothing the user owns (Cargo.toml, sources, Cargo.lock) is ever written.
 */
export class RustDockerImage extends RustImageComponent {
  /**
   * The CI workflow that builds, smoke-tests and pushes this image.
   */
  public readonly workflow: DockerWorkflow;

  private readonly plans: SynthesisPlan<ImagePlan>;

  /**
   * @param scope the projen project (or a construct inside it) that owns the files
   * @param options what to build and how; every option has a default
   */
  constructor(scope: IConstruct, options: RustDockerImageOptions = {}) {
    super(scope, 'RustDockerImage', validated('RustDockerImage', options, validateOptions));
    // The Dockerfile cross-compiles for the workflow's platforms; the workflow builds the image's.
    const platforms = options.platforms ?? options.workflow?.platforms;
    this.plans = this._synthesisPlan((ws) => {
      const plan = planImage(ws, { ...options, platforms });
      return { ...plan, imageLock: this._baseImageLock(dockerfileModel(plan), plan) };
    });
    this._addFiles([{ name: this._dockerfileName, render: () => renderImageDockerfile(this._plan()) }]);
    this.workflow = new DockerWorkflow(this, this, platforms && !options.workflow?.platforms ? { ...options.workflow, platforms } : options.workflow);
  }

  /**
   * The plan of this synthesis (planned on demand before `preSynthesize`), for components
   * that render alongside the Dockerfile, such as CI workflows.
   * @internal
   */
  public _plan(): ImagePlan {
    return this.plans.get();
  }

  /** @internal */
  protected _summary(): string[] {
    return imageSummary(this._plan());
  }
}
