import * as fs from 'fs';
import * as path from 'path';
import { javascript, SampleFile, typescript } from 'projen';
import { cargoPackageName, SAMPLE_MAIN_RS, sampleCargoLock, sampleCargoToml } from './sample-service';
import { loadWorkspace } from '../cargo/workspace';
import { shellWords } from '../core/quote';
import type { RustDockerImageOptions } from '../image/options';
import { RustDockerImage } from '../image/rust-docker-image';
import type { RustWorkspaceImagesOptions } from '../workspace/options';
import { RustWorkspaceImages } from '../workspace/rust-workspace-images';

/**
 * Options for `RustDockerProject`.
 */
export interface RustDockerProjectOptions extends javascript.NodeProjectOptions {
  /**
   * Where the Cargo project is (its `Cargo.toml`), relative to the project directory.
   *
   * @default "."
   */
  readonly cargoDir?: string;

  /**
   * Ports the service(s) listen on (`EXPOSE`, the CI smoke test, `docker:run`).
   *
   * @default - [8080] for the sample service, else none
   */
  readonly ports?: number[];

  /**
   * Write a sample std-only Rust HTTP service (Cargo.toml, Cargo.lock, src/main.rs) when
   * there is no Cargo.toml in `cargoDir`. Sample files are written once and never
   * overwritten.
   *
   * @default true
   */
  readonly sampleService?: boolean;

  /**
   * Use a TypeScript projen configuration (`.projenrc.ts`, run with ts-node).
   *
   * @default true
   */
  readonly projenrcTs?: boolean;

  /**
   * Options of the image when the Cargo project has one binary (`RustDockerImage`).
   * `cargoDir` and `ports` above are the defaults of the same options here.
   *
   * @default {}
   */
  readonly imageOptions?: RustDockerImageOptions;

  /**
   * Options of the images when the Cargo project has several binaries
   * (`RustWorkspaceImages`). `cargoDir` and `ports` above are the defaults of the same
   * options here.
   *
   * @default {}
   */
  readonly workspaceImagesOptions?: RustWorkspaceImagesOptions;
}

/**
 * A projen project for a Rust service (or a Cargo workspace of services) shipped as container
 * images: `.projenrc.ts` with the minimal Node.js tooling projen needs, and the Dockerfile,
 * `.dockerignore` and CI workflow from the Cargo files. One binary gets a `RustDockerImage`;
 * several get `RustWorkspaceImages` (one Dockerfile with a target per binary, a bake file).
 * In an empty directory it also writes a sample std-only Rust HTTP service.
 *
 * Create one with `npx projen new --from projen-rust-docker rust-docker`.
 *
 * Tasks: `docker:build` builds the image(s), `docker:run` runs one, `plan` prints what would
 * be built and why (`projen-rust-docker plan`).
 *
 * @pjid rust-docker
 */
export class RustDockerProject extends javascript.NodeProject {
  /**
   * The image, when the Cargo project has one binary.
   */
  public readonly image?: RustDockerImage;

  /**
   * The images, when the Cargo project has several binaries.
   */
  public readonly workspaceImages?: RustWorkspaceImages;

  /**
   * The Cargo directory, relative to the project directory.
   */
  public readonly cargoDir: string;

  private readonly samples: SampleFile[] = [];

  /**
   * @param options project options; every option of `NodeProject` applies
   */
  constructor(options: RustDockerProjectOptions) {
    super({
      packageManager: javascript.NodePackageManager.NPM,
      entrypoint: '',
      jest: false,
      package: false,
      release: false,
      depsUpgrade: false,
      pullRequestTemplate: false,
      ...options,
      githubOptions: { mergify: false, ...options.githubOptions },
      projenrcJs: options.projenrcTs === false ? options.projenrcJs : false,
    });
    const cargoDir = path.posix.normalize((options.cargoDir ?? '.').replace(/\\/g, '/'));
    this.cargoDir = cargoDir;
    this.gitignore.exclude(path.posix.join('/', cargoDir, 'target/'));

    if (options.projenrcTs ?? true) {
      const rc = new typescript.ProjenrcTs(this);
      rc.tsconfig.file.addOverride('compilerOptions', {
        target: 'ES2022',
        lib: ['ES2022'],
        module: 'commonjs',
        moduleResolution: 'node',
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        types: ['node'],
      });
      // Run .projenrc.ts with the project's own ts-node (installed as a dev dependency),
      // not through `npx -p ts-node`, which downloads it on every run.
      this.defaultTask?.reset('ts-node --project tsconfig.projen.json .projenrc.ts');
      this.addDevDeps('ts-node', 'typescript', '@types/node');
    }

    const cargoToml = path.join(this.outdir, cargoDir, 'Cargo.toml');
    const sample = !fs.existsSync(cargoToml) && (options.sampleService ?? true);
    if (sample) {
      const crate = cargoPackageName(this.package.packageName);
      const file = (name: string, contents: string) => this.samples.push(new SampleFile(this, path.posix.join(cargoDir, name), { contents }));
      file('Cargo.toml', sampleCargoToml(crate));
      file('Cargo.lock', sampleCargoLock(crate));
      file('src/main.rs', SAMPLE_MAIN_RS);
    }

    const ports = options.ports ?? (sample ? [8080] : undefined);
    const binaries = sample ? 1 : countBinaries(path.join(this.outdir, cargoDir));
    const tag = `${cargoPackageName(this.package.packageName)}:latest`;
    const dockerEnv = { DOCKER_BUILDKIT: '1' };
    if (binaries > 1) {
      const images = new RustWorkspaceImages(this, { cargoDir, ports, ...options.workspaceImagesOptions });
      this.workspaceImages = images;
      this.addTask('docker:build', {
        description: `Build every image of the workspace with BuildKit bake (${images.bakeFilePath})`,
        cwd: images.contextDir,
        env: dockerEnv,
        exec: `docker buildx bake --file ${path.posix.basename(images.bakeFilePath)}`,
      });
      this.addTask('docker:run', {
        description: 'Run one image of the workspace: npx projen docker:run -- [docker run options] <binary>[:tag] [args]',
        env: dockerEnv,
        exec: 'docker run --rm --init',
        receiveArgs: true,
      });
    } else {
      const image = new RustDockerImage(this, { cargoDir, ports, ...options.imageOptions });
      this.image = image;
      const published = (options.imageOptions?.ports ?? ports ?? []).map((p) => `--publish ${p}:${p}`).join(' ');
      this.addTask('docker:build', {
        description: `Build the image as ${tag}`,
        cwd: image.contextDir,
        env: dockerEnv,
        exec: `docker build --tag ${tag} --file ${path.posix.relative(image.contextDir, image.dockerfilePath)} .`,
      });
      this.addTask('docker:run', {
        description: `Run ${tag} (build it first with docker:build); extra arguments go to the binary`,
        env: dockerEnv,
        exec: `docker run --rm --init${published ? ` ${published}` : ''} ${tag}`,
        receiveArgs: true,
      });
    }
    this.addTask('plan', {
      description: 'Print the Cargo workspace inventory and what would be built, and why (projen-rust-docker plan)',
      // The same choice of component as above, so the plan explains what synthesis writes.
      exec: shellWords(['projen-rust-docker', 'plan', '--dir', cargoDir, ...(binaries > 1 ? ['--workspace'] : [])]),
      receiveArgs: true,
    });
  }

  /**
   * Writes the sample service (when there is one) before the images plan from the Cargo files.
   */
  public preSynthesize(): void {
    super.preSynthesize();
    for (const sample of this.samples) {
      sample.synthesize();
    }
  }
}

/** Binaries of the Cargo project at `dir`; 1 when it cannot be read (the image reports why at synthesis). */
function countBinaries(dir: string): number {
  try {
    return loadWorkspace(dir).members.reduce((n, pkg) => n + pkg.bins.length, 0);
  } catch {
    return 1;
  }
}
