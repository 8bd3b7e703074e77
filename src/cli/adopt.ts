import * as fs from 'fs';
import * as path from 'path';
import type { CliIo } from './io';
import type { AdoptionSession } from '../project/adoption/session';
import { withAdoptionSession } from '../project/adoption/session';
import { RustDockerProject } from '../project/rust-docker-project';

const PREFIX = 'projen-rust-docker adopt';

export const ADOPT_USAGE = `Usage: projen-rust-docker adopt [--dir DIR] [--name NAME] [--default-release-branch BRANCH]

Adopts the existing repository in DIR (default: the current directory) as projen's
\`projen new --from projen-rust-docker rust-docker\` does, without installing anything and
next to an existing package.json (which projen's own \`new\` cannot handle: it installs into
it first). Your files are kept: no LICENSE over yours, no workflow over yours, your
Dockerfile stays (the generated one takes a free name), and the lines of .gitignore,
.gitattributes, .dockerignore and package.json are carried into .projenrc.ts. Then run
\`npm install\` and \`npx projen\`.

  --dir DIR                        the repository (default: .)
  --name NAME                      the projen project's name (default: package.json's name, else the directory's)
  --default-release-branch BRANCH  (default: main)
`;

/** Runs `adopt`; its exit code: 0 adopted, 1 the repository cannot be adopted (why), 2 bad usage. */
export function adopt(argv: string[], io: CliIo): number {
  const flags: { [flag: string]: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') {
      io.out(ADOPT_USAGE);
      return 0;
    }
    if (!['--dir', '--name', '--default-release-branch'].includes(flag) || argv[i + 1] === undefined) {
      io.err(`${PREFIX}: ${argv[i + 1] === undefined && flag.startsWith('--') ? `${flag} needs a value` : `unknown argument '${flag}'`}.\n\n${ADOPT_USAGE}`);
      return 2;
    }
    flags[flag] = argv[++i];
  }
  const dir = path.resolve(io.cwd, flags['--dir'] ?? '.');
  const existing = ['.projenrc.ts', '.projenrc.js', '.projenrc.json'].filter((f) => fs.existsSync(path.join(dir, f)));
  if (existing.length > 0) {
    io.err(`${PREFIX}: ${dir} already has ${existing.join(' and ')}: it is a projen project. Add RustDockerProject (or RustDockerImage) there instead.\n`);
    return 1;
  }
  const args = {
    name: flags['--name'] ?? packageName(dir) ?? path.basename(dir),
    defaultReleaseBranch: flags['--default-release-branch'] ?? 'main',
    devDeps: [`projen-rust-docker@^${ownVersion()}`],
  };
  const session: AdoptionSession = { args };
  const post = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = 'true';
  try {
    withAdoptionSession(session, () => new RustDockerProject({ ...args, outdir: dir }).synth());
  } catch (e) {
    io.err(`${PREFIX}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    if (post === undefined) {
      delete process.env.PROJEN_DISABLE_POST;
    } else {
      process.env.PROJEN_DISABLE_POST = post;
    }
  }
  const notes = session.adoption?.notes ?? [];
  io.out([
    `Adopted ${dir}:`,
    '  - .projenrc.ts written: it shows what was detected, as options you can change',
    ...notes.map((n) => `  - ${n}`),
    '  - nothing installed',
    '',
    'Next: npm install && npx projen',
    '',
  ].join('\n'));
  return 0;
}

function packageName(dir: string): string | undefined {
  try {
    const name = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

function ownVersion(): string {
  // lib/cli/adopt.js and src/cli/adopt.ts are both two levels below the package root.
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
}
