import * as fs from 'fs';
import * as path from 'path';
import { javascript, SampleFile, typescript } from 'projen';
import { adoptedOptions, applyStatements } from './adoption/apply';
import type { Creation } from './adoption/create';
import { planCreation } from './adoption/create';
import type { Adoption } from './adoption/plan';
import { cargoPackageName, SAMPLE_MAIN_RS, sampleCargoLock, sampleCargoToml } from './sample-service';
import { loadWorkspace } from '../cargo/workspace';
import { shellWords } from '../core/quote';
import type { RustDockerImageOptions } from '../image/options';
import { RustDockerImage } from '../image/rust-docker-image';
import { FileOwnershipGuard } from '../projen/ownership';
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

  /**
   * Move a file the user owns out of the way (`<file>.orig`) instead of failing when any
   * generated file of the project (its images' Dockerfile, `.dockerignore`, bake file and
   * workflow, and projen's own files) would replace it. Synthesis says where each file went;
   * nothing is deleted. Without it, synthesis stops before writing anything and lists every
   * conflict. `projen new` never needs it: it keeps your files and picks free names.
   *
   * @default false
   */
  readonly moveExistingFilesAside?: boolean;

  /**
   * Install the Node.js dependencies at the end of `projen new` when it adopted an existing
   * `package.json`. Adoption merges that file and, unless this is set, installs nothing (run
   * `npm install` when you are ready); in a repository without a `package.json`, `projen new`
   * installs as usual. Only read by `projen new`.
   *
   * @default false
   */
  readonly installOnCreate?: boolean;
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
  private adoption?: Adoption;
  private createdProjenrc?: string;
  private readonly moveAside: boolean;

  /**
   * @param options project options; every option of `NodeProject` applies
   */
  constructor(options: RustDockerProjectOptions) {
    const creation = creationOf(options);
    super({
      packageManager: javascript.NodePackageManager.NPM,
      entrypoint: '',
      jest: false,
      package: false,
      release: false,
      depsUpgrade: false,
      pullRequestTemplate: false,
      // A Rust repository has no Node.js build: the image workflow builds, tests, and checks
      // that synthesis is committed (its drift job). Nor does it get projen's PR title lint.
      buildWorkflow: false,
      ...options,
      // Adopting a repository: its license stays, projen writes none.
      ...(creation?.adoption.keepLicense ? { licensed: false } : {}),
      githubOptions: { mergify: false, pullRequestLint: false, ...options.githubOptions },
      projenrcJs: options.projenrcTs === false ? options.projenrcJs : false,
    });
    const cargoDir = normalizeCargoDir(options.cargoDir);
    this.cargoDir = cargoDir;
    this.gitignore.exclude(path.posix.join('/', cargoDir, 'target/'));
    // `projen new` in an existing repository: keep the user's files, carry their lines over,
    // and write a .projenrc.ts that does the same on every later run.
    const adoption = creation ? this.create(creation, options) : undefined;

    if (options.projenrcTs ?? true) {
      const rc = new typescript.ProjenrcTs(this);
      rc.tsconfig.file.addOverride('compilerOptions', {
        target: 'ES2022',
        lib: ['ES2022'],
        // node16: CommonJS for a package.json without "type": "module", and not the
        // `node` (node10) resolution that TypeScript 6 refuses as deprecated.
        module: 'node16',
        moduleResolution: 'node16',
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

    const ports: number[] | undefined = options.ports ?? adoptedOptions(adoption, 'project').ports ?? (sample ? [8080] : undefined);
    const adoptedImage = adoptedOptions(adoption, 'image');
    const adoptedWorkflow = adoptedOptions(adoption, 'workflow');
    const withAdopted = <T extends { readonly workflow?: object }>(given: T | undefined): T => ({
      ...adoptedImage,
      ...given,
      ...(Object.keys(adoptedWorkflow).length > 0 ? { workflow: { ...adoptedWorkflow, ...given?.workflow } } : {}),
    }) as T;
    const moveExistingFilesAside = options.moveExistingFilesAside;
    const binaries = sample ? 1 : countBinaries(path.join(this.outdir, cargoDir));
    const tag = `${cargoPackageName(this.package.packageName)}:latest`;
    const dockerEnv = { DOCKER_BUILDKIT: '1' };
    if (binaries > 1) {
      const images = new RustWorkspaceImages(this, { cargoDir, ports, moveExistingFilesAside, ...withAdopted(options.workspaceImagesOptions) });
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
      const image = new RustDockerImage(this, { cargoDir, ports, moveExistingFilesAside, ...withAdopted(options.imageOptions) });
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
    if (adoption) {
      applyStatements(this, adoption.statements);
      if (adoption.packageJson && !options.installOnCreate) {
        // projen's own switch for post-synthesis steps (`--no-post`): no install now.
        process.env.PROJEN_DISABLE_POST = 'true';
      }
    }
    this.moveAside = options.moveExistingFilesAside ?? false;
    this.addTask('plan', {
      description: 'Print the Cargo workspace inventory and what would be built, and why (projen-rust-docker plan)',
      // The same choice of component as above, so the plan explains what synthesis writes.
      exec: shellWords(['projen-rust-docker', 'plan', '--dir', cargoDir, ...(binaries > 1 ? ['--workspace'] : [])]),
      receiveArgs: true,
    });
  }

  /**
   * Creation in an existing repository (`projen new`, `projen-rust-docker adopt`): writes the
   * projenrc that does what adoption decided, and says what it did.
   */
  private create(creation: Creation, options: RustDockerProjectOptions): Adoption {
    const adoption = creation.adoption;
    fs.writeFileSync(creation.rcFile, creation.rcText);
    this.adoption = adoption;
    this.createdProjenrc = creation.rcFile;
    if (creation.session) {
      creation.session.adoption = adoption;
      return adoption;
    }
    const lines = [`${path.basename(creation.rcFile)} written: it shows what was detected, as options you can change.`, ...adoption.notes];
    if (adoption.packageJson && !options.installOnCreate) {
      lines.push('nothing installed (your package.json was merged): run `npm install`, then `npx projen`');
    }
    this.logger.info(`projen-rust-docker adopted this repository:\n${lines.map((l) => `  - ${l}`).join('\n')}`);
    return adoption;
  }

  /**
   * Writes the sample service (when there is one) before the images plan from the Cargo files.
   */
  public preSynthesize(): void {
    super.preSynthesize();
    // projen's own files (package.json, .gitignore, workflows, LICENSE, ...) never replace a
    // file the user owns either; files whose lines adoption carried over may be rewritten.
    const guard = FileOwnershipGuard.of(this);
    const merged = new Set(this.adoption?.merged ?? []);
    for (const file of this.files) {
      if (merged.has(file.path)) {
        guard.allowOverwrite(file.path);
      } else if (!guard.has(file.path)) {
        const fix = this.createdProjenrc
          ? `projen's own ${file.path} has no other name: move or rename your file, then adopt again`
          : `projen's own ${file.path} has no other name; to keep your lines, adopt the repository instead (npx projen-rust-docker adopt, docs/adoption.md)`;
        guard.register(file.path, 'RustDockerProject', fix, this.moveAside);
      }
    }
    if (this.createdProjenrc) {
      // Creation stops on a conflict: take back the projenrc it wrote, so the repository is
      // as it was and the next attempt starts afresh.
      try {
        guard.preSynthesize();
      } catch (e) {
        fs.rmSync(this.createdProjenrc, { force: true });
        throw e;
      }
    }
    for (const sample of this.samples) {
      sample.synthesize();
    }
  }
}

/** The creation of the project from `options`, decided before it is constructed. */
function creationOf(options: RustDockerProjectOptions): Creation | undefined {
  return planCreation({
    // projen passes the command line of `projen new` in the options' `__new__` field (what
    // `Project.initProject` exposes once the project is constructed).
    newArgs: (options as { readonly __new__?: { readonly args?: { [key: string]: unknown } } }).__new__?.args,
    outdir: options.outdir,
    parent: options.parent,
    projenrcTs: options.projenrcTs,
    projenrcJson: options.projenrcJson,
    cargoDir: normalizeCargoDir(options.cargoDir),
    ports: options.ports,
    licensed: options.licensed,
    dockerfileName: options.imageOptions?.dockerfileName ?? options.workspaceImagesOptions?.dockerfileName,
    workflowName: options.imageOptions?.workflow?.workflowName ?? options.workspaceImagesOptions?.workflow?.workflowName,
  });
}

function normalizeCargoDir(cargoDir: string | undefined): string {
  return path.posix.normalize((cargoDir ?? '.').replace(/\\/g, '/'));
}

/** Binaries of the Cargo project at `dir`; 1 when it cannot be read (the image reports why at synthesis). */
function countBinaries(dir: string): number {
  try {
    return loadWorkspace(dir).members.reduce((n, pkg) => n + pkg.bins.length, 0);
  } catch {
    return 1;
  }
}
