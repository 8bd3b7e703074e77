// A template for a platform team: a Cargo workspace with several services and a shared library,
// every service shipped as its own image from ONE generated Dockerfile (a shared builder stage
// compiles the workspace once), a BuildKit bake file, and one GitHub Actions workflow with a
// matrix over the services. Synthesize it from the repository root with
//   npx ts-node --project tsconfig.dev.json examples/monorepo/.projenrc.ts
// In your own repository, import from 'projen-rust-docker' instead of '../../src'.
import { github, Project } from 'projen';
import { Runtime, RustWorkspaceImages, Smoke } from '../../src';

const project = new Project({
  name: 'monorepo',
  outdir: __dirname,
});
project.gitignore.exclude('/target/');

// The workflow lives at the root of the repository; here, the example's own root.
new github.GitHub(project, { mergify: false, pullRequestLint: false });

// Every binary of the workspace gets an image, named after it: add a service under services/,
// run projen, and its image appears in the Dockerfile, the bake file and CI.
new RustWorkspaceImages(project, {
  env: { RUST_LOG: 'info' },
  labels: { 'org.example.team': 'platform' },
  binaries: {
    api: { ports: [8080], env: { PORT: '8080' }, runtime: Runtime.DISTROLESS_CC, smoke: Smoke.http('/healthz') },
    worker: { env: { INTERVAL_SECS: '30' }, smoke: Smoke.command(['--once']) },
    admin: { args: ['check'], smoke: Smoke.command(['check']) },
  },
  workflow: { cargoTest: true },
});

project.synth();
