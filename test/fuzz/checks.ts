import type { Healthcheck } from 'dockerfile-ast';
import { DockerfileParser } from 'dockerfile-ast';
import type { github, gitlab } from 'projen';
import type { DockerfileModel } from '../../src/dockerfile/model';
import type { PlannedHealthcheck } from '../../src/plan/healthcheck-rules';

// mvdan-sh (the Go shell parser of shfmt, compiled to JavaScript) has no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sh = require('mvdan-sh');

/**
 * The checks every generated file must pass, whatever the input: each says what the
 * generator meant (the model) and what a real parser sees agree, so a value that broke out of
 * its place (a new line, a new instruction, a new shell command, a GitHub expression) fails.
 * Each check throws an Error describing the violation.
 */

/** Control characters: no generated line may hold one. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029]/u;

/** Commands the generated Dockerfile runs, and nothing else. */
const DOCKERFILE_COMMANDS = new Set(['apt-get', 'rm', 'groupadd', 'useradd', 'apk', 'addgroup', 'adduser', 'cargo', 'cp', 'touch', 'mkdir', 'echo', 'rustup', 'rustc', 'sed', 'find', 'printf', 'sh', 'xargs']);

/** A bind mount of a file of another stage: the runtime-libraries script, or a binary's package list (whose name is the binary's). */
const BIND_MOUNT = /^--mount=type=bind,(from=[a-z][a-z0-9_.-]*,source=(\/runtime-libraries\.sh|\/runtime-packages\/[\p{L}\p{N}_-]+),target=\/tmp\/(runtime-libraries\.sh|runtime-packages)|target=\/app,rw)$/u;

/** Commands of the generated GitHub and GitLab scripts. */
const CI_COMMANDS = new Set(['[', 'break', 'true', 'docker', 'curl', 'trap', 'cd', 'rustup', 'cargo', 'set', 'wget', 'seq', 'sleep', 'echo', 'exit', 'test', 'git', 'mkdir', 'touch', 'cosign', 'jq', 'printf', 'npm', 'npx', 'command', 'apk', 'export']);

/** Expressions the generator itself writes into workflows. */
const OWN_EXPRESSION = /^\$\{\{ ?(steps\.[a-z]+\.outputs\.[a-z]+|matrix\.[a-z]+|runner\.temp|env\.SOURCE_DATE|github\.(repository|actor|workflow|event_name|ref|sha)|secrets\.(GITHUB_TOKEN|REGISTRY_PASSWORD|DOCKERHUB_TOKEN)|github\.event\.pull_request\.number \|\| github\.ref|github\.event_name == 'pull_request') ?\}\}$/;

/** The escaped literal `${{` (`${{ '${{' }}`), which GitHub turns into text. */
const ESCAPED = /\$\{\{ '\$\{\{' \}\}/g;

function fail(what: string, detail: unknown): never {
  throw new Error(`${what}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
}

const parsedScripts = new Map<string, string[]>();

/** The command names of a shell script (including inside `$(...)`), as a shell parser reads it. */
export function shellCommands(script: string): string[] {
  let names = parsedScripts.get(script);
  if (names === undefined) {
    names = parseCommands(script);
    parsedScripts.set(script, names);
  }
  return names;
}

function parseCommands(script: string): string[] {
  let file: unknown;
  try {
    file = sh.syntax.NewParser().Parse(script, 'script');
  } catch (e) {
    fail('a generated script is not valid shell', `${String(e)}\n${script}`);
  }
  const names: string[] = [];
  sh.syntax.Walk(file, (node: any) => {
    if (node && sh.syntax.NodeType(node) === 'CallExpr' && node.Args.length > 0) {
      const parts = node.Args[0].Parts;
      const literal = parts.length === 1 && sh.syntax.NodeType(parts[0]) === 'Lit' ? parts[0].Value : undefined;
      names.push(literal ?? `<computed ${sh.syntax.NodeType(parts[0])}>`);
    }
    return true;
  });
  return names;
}

function checkCommands(script: string, allowed: Set<string>, where: string): void {
  for (const name of shellCommands(script)) {
    if (!allowed.has(name)) {
      fail(`${where} runs a command the generator never writes`, `${name} in:\n${script}`);
    }
  }
}

/**
 * The Dockerfile's parsed instructions are exactly the model's; every FROM names the model's
 * image, with the lock's digest when the lock names it; every RUN runs only the generator's
 * commands.
 */
export function checkDockerfile(text: string, model: DockerfileModel, lock?: ReadonlyMap<string, string>): void {
  const lines = text.split('\n');
  const froms = lines.filter((l) => l.startsWith('FROM '));
  model.stages.forEach((stage, i) => {
    const digest = lock?.get(stage.from);
    if (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest)) {
      fail('a lock digest that is not sha256: and 64 hex digits reached the Dockerfile', digest);
    }
    const image = froms[i]?.replace(/^FROM (--platform=\S+ )?/, '').split(' ')[0];
    if (image !== (digest ? `${stage.from}@${digest}` : stage.from)) {
      fail('a FROM does not name the model\'s image with the lock\'s digest', { line: froms[i], from: stage.from, digest });
    }
  });
  const bad = lines.find((l) => CONTROL.test(l));
  if (bad !== undefined) {
    fail('a Dockerfile line holds a control character', bad);
  }
  const expected = model.stages.flatMap((s) => ['FROM', ...s.instructions.map((i) => i.keyword)]);
  const parsed = DockerfileParser.parse(text).getInstructions().map((i) => i.getKeyword());
  if (JSON.stringify(parsed) !== JSON.stringify(expected)) {
    fail('the Dockerfile\'s instructions differ from the model\'s', { parsed, expected });
  }
  if (model.syntax === undefined ? lines[0].startsWith('# syntax=') : lines[0] !== `# syntax=${model.syntax}`) {
    fail('the syntax directive is not what the model says', lines[0]);
  }
  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'RUN') {
        instruction.args.forEach((command) => checkCommands(command, DOCKERFILE_COMMANDS, 'a RUN'));
        for (const flag of instruction.flags ?? []) {
          const id = /(?:^|,)id=([^,]*)/.exec(flag)?.[1];
          if (flag.startsWith('--mount=type=bind,')) {
            if (!BIND_MOUNT.test(flag)) {
              fail('a bind mount is not the runtime-libraries script, a package list of the builder or the build context on /app', flag);
            }
          } else if (flag.startsWith('--mount=') && (id === undefined || !/^[a-z0-9-]+$/.test(id))) {
            fail('a cache mount id holds more than letters, digits and dashes', flag);
          }
        }
      }
      if (instruction.keyword === 'ENTRYPOINT') {
        const exec = JSON.parse(instruction.args[0]) as string[];
        // With `init`: tini, `--`, then the binary.
        const binary = exec.length === 3 && exec[0] === '/usr/bin/tini-static' && exec[1] === '--' ? exec.slice(2) : exec;
        if (binary.length !== 1 || !/^\/usr\/local\/bin\/[^/]+$/.test(binary[0]) || /\/\.\.?$/.test(binary[0])) {
          fail('the ENTRYPOINT is not one binary in /usr/local/bin (under tini with init)', exec);
        }
      }
      if (instruction.keyword === 'STOPSIGNAL' && !/^(SIG[A-Z0-9+-]+|[1-9][0-9]?)$/.test(instruction.args[0])) {
        fail('the STOPSIGNAL is not a signal name or number', instruction.args[0]);
      }
      if (instruction.keyword === 'COPY') {
        checkCopy(instruction.args[0], (instruction.flags ?? []).some((f) => f.startsWith('--from=')));
      }
    }
  }
}

function checkCopy(arg: string, fromStage: boolean): void {
  const paths: string[] = arg.startsWith('[') ? JSON.parse(arg) : arg.split(' ');
  for (const p of paths.slice(0, -1)) {
    if (p.includes('$') || p.split('/').includes('..') || (!fromStage && p.startsWith('/')) || /[*?[\]]/.test(p)) {
      fail('a COPY source could expand, match patterns or leave the build context', p);
    }
  }
}

/** Lines the `.dockerignore` writes whatever the workspace. */
const IGNORE_FIXED = new Set(['.git/', '.gitignore', '.github/', '.gitlab-ci.yml', '/.dockerignore', 'node_modules/', '/.projen/',
  '.idea/', '.vscode/', '*.swp', '*~', '.DS_Store', 'Thumbs.db', '.env', '.env.*']);

/** Every line of the `.dockerignore` is a comment, a fixed rule, or one literal path of the workspace. */
export function checkDockerignore(text: string): void {
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || IGNORE_FIXED.has(line)) {
      continue;
    }
    const m = /^!?\/(.+)$/u.exec(line);
    if (!m || CONTROL.test(line) || /[$*?[\]\\]/.test(m[1]) || m[1].split('/').includes('..')) {
      fail('a .dockerignore line is not a literal path of the workspace', line);
    }
  }
}

/** The bake file interpolates only its own two variables; targets are stage names. */
export function checkBake(text: string, targets: string[]): void {
  const interpolations = text.match(/(?<![$%])[$%]\{[^}]*\}/g) ?? [];
  for (const i of interpolations) {
    if (i !== '${REGISTRY}' && i !== '${TAG}' && i !== '${CACHE_REPOSITORY}') {
      fail('the bake file interpolates a value', i);
    }
  }
  const declared = [...text.matchAll(/^target "([^"]*)" \{$/gm)].map((m) => m[1]);
  if (JSON.stringify(declared) !== JSON.stringify(targets)) {
    fail('the bake targets differ from the images', { declared, targets });
  }
}

/** No `run:` holds `${{`; every other expression is one the generator writes itself. */
export function checkGithubJobs(jobs: { [id: string]: github.workflows.Job }): void {
  for (const [id, job] of Object.entries(jobs)) {
    for (const step of job.steps ?? []) {
      if (step.run !== undefined) {
        if (step.run.includes('${{')) {
          fail(`the script of ${id}/${step.name} holds \${{`, step.run);
        }
        checkCommands(step.run, CI_COMMANDS, `the script of ${id}/${step.name}`);
      }
    }
    const text = JSON.stringify(job).replace(ESCAPED, '');
    for (const expression of text.match(/\$\{\{[^}]*\}\}/g) ?? []) {
      if (!OWN_EXPRESSION.test(expression)) {
        fail(`job ${id} holds an expression the generator does not write`, expression);
      }
    }
  }
}

/** GitLab scripts parse as shell and run only the generator's commands. */
export function checkGitlabJobs(jobs: { [name: string]: gitlab.Job }): void {
  for (const [name, job] of Object.entries(jobs)) {
    for (const line of job.script ?? []) {
      if (CONTROL.test(line)) {
        fail(`a script line of ${name} holds a control character`, line);
      }
      checkCommands(line, CI_COMMANDS, `the script of ${name}`);
    }
  }
}

/**
 * Every planned asset is copied into the assets stage and out of it in COPY's JSON form, and
 * the parsed paths are exactly the option's: nothing COPY would expand (`$`), match (`*?[]`),
 * climb out of (`..`) or read as a flag.
 */
export function checkAssetCopies(text: string, assets: readonly { source: string; destination: string }[]): void {
  const lines = text.split('\n');
  for (const asset of assets) {
    const staged = `/assets/${asset.source}`;
    const inStage = lines.filter((l) => l.startsWith('COPY [') && JSON.stringify(JSON.parse(l.slice(5))) === JSON.stringify([asset.source, staged]));
    const inFinal = lines.filter((l) => /^COPY --from=\S+ --chown=0:0 \[/.test(l) && JSON.stringify(JSON.parse(l.slice(l.indexOf('[')))) === JSON.stringify([staged, asset.destination]));
    if (inStage.length !== 1 || inFinal.length < 1) {
      fail('an asset is not copied in COPY\'s JSON form with its exact paths', { asset, inStage, inFinal });
    }
    for (const p of [asset.source, asset.destination]) {
      if (/[$*?[\]\\]/.test(p) || p.split('/').includes('..') || CONTROL.test(p)) {
        fail('an asset path could expand, match patterns or climb out', p);
      }
    }
  }
}

/** A URL the health check probe may be given: loopback, a port, and a path of URL characters only. */
const PROBE_URL = /^http:\/\/127\.0\.0\.1:\d{1,5}\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;
const HEALTHCHECK_FLAG = /^--(?:(?:interval|timeout|start-period)=(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|ms|s|m|h))+|retries=[1-9]\d*)$/;

/**
 * The final stages' HEALTHCHECK instructions, as Docker's parser reads them, are exactly the
 * planned health checks (in stage order): `NONE`, or flags of Docker's syntax and an exec form
 * whose words are the planned ones; the probe's URL stays on the loopback with a clean path.
 */
export function checkHealthchecks(text: string, planned: readonly PlannedHealthcheck[]): void {
  const found = DockerfileParser.parse(text).getInstructions().filter((i) => i.getKeyword() === 'HEALTHCHECK');
  if (found.length !== planned.length) {
    fail('the HEALTHCHECK instructions differ from the planned health checks', { found: found.map((i) => i.getTextContent()), planned });
  }
  found.forEach((instruction, n) => {
    const check = planned[n];
    const raw = instruction.getRawArgumentsContent() ?? '';
    if (check.kind === 'none') {
      if (raw !== 'NONE') {
        fail('HEALTHCHECK NONE is not what the parser reads', raw);
      }
      return;
    }
    const flags = (instruction as Healthcheck).getFlags().map((f) => `--${f.getName()}=${f.getValue()}`);
    if (JSON.stringify(flags) !== JSON.stringify(check.timing.flags) || flags.some((f) => !HEALTHCHECK_FLAG.test(f))) {
      fail('the HEALTHCHECK flags differ from the planned timing', { flags, planned: check.timing.flags });
    }
    const cmd = /(?:^|\s)CMD (\[.*\])$/.exec(raw);
    const words: unknown = cmd ? JSON.parse(cmd[1]) : undefined;
    const expected = check.kind === 'http' ? [check.probePath, check.url, String(Math.ceil(check.timing.timeoutMs))] : check.command;
    if (JSON.stringify(words) !== JSON.stringify(expected)) {
      fail('the HEALTHCHECK exec form differs from the planned command', { raw, expected });
    }
    if (check.kind === 'http' && !PROBE_URL.test(check.url)) {
      fail('the probe URL is not a loopback URL with a clean path', check.url);
    }
  });
}
