import { IConstruct } from 'constructs';
import { Component } from 'projen';
import { BuildContext, siteOf, SynthesisPlan } from './context';
import type { RustDockerImageOptions } from './options';
import { DockerWorkflow } from '../ci/docker-workflow';
import { renderImageDockerfile } from '../dockerfile/dockerfile';
import { ImagePlan, planImage } from '../plan/plan';
import { validateOptions } from '../plan/validate';

/**
 * A multi-stage Dockerfile and `.dockerignore` for a Rust binary, planned from the Cargo
 * workspace on every synthesis.
 *
 * The Cargo files are read when projen synthesizes, not when the component is created: add a
 * binary, bump `rust-version` or add a member, run `npx projen`, and the files follow.
 * Nothing the user owns (Cargo.toml, sources, Cargo.lock) is ever written.
 */
export class RustDockerImage extends Component {
  /**
   * The Cargo directory, relative to the project outdir.
   */
  public readonly cargoDir: string;

  /**
   * The workspace root (the Docker build context), relative to the project outdir.
   */
  public readonly contextDir: string;

  /**
   * The generated Dockerfile, relative to the project outdir.
   */
  public readonly dockerfilePath: string;

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
    const site = siteOf(scope, {
      component: 'RustDockerImage',
      cargoDir: options.cargoDir,
      dockerfileName: options.dockerfileName,
      validate: () => validateOptions(options),
      duplicateHint: "Give each image its own file with the 'dockerfileName' option, e.g. dockerfileName: 'Dockerfile.api'.",
    });
    super(scope, site.id);

    const context = new BuildContext(this.project, site);
    this.cargoDir = context.cargoDir;
    this.contextDir = context.contextDir;
    this.dockerfilePath = context.dockerfilePath;
    this.plans = new SynthesisPlan(() => context.plan((ws) => planImage(ws, options)));
    context.addFiles(this, [{ name: site.dockerfileName, render: () => renderImageDockerfile(this._plan()) }]);
    this.workflow = new DockerWorkflow(this, this, options.workflow);
  }

  /**
   * Plans the image from the Cargo files as they are now. Errors name the option or file.
   */
  public preSynthesize(): void {
    this.plans.hold();
  }

  /**
   * Forgets the plan, so the next synthesis reads the Cargo files again.
   */
  public postSynthesize(): void {
    this.plans.forget();
  }

  /**
   * The plan of this synthesis (planned on demand before `preSynthesize`), for components
   * that render alongside the Dockerfile, such as CI workflows.
   * @internal
   */
  public _plan(): ImagePlan {
    return this.plans.get();
  }
}
