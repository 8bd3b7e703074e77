import { assetCopies, ASSETS_STAGE } from './assets';
import { BUILDER_STAGE } from './builder-stage';
import { builtBinaryPath } from './cargo-command';
import { healthcheckInstructions, PROBE_STAGE } from './healthcheck';
import { entrypoint, initCopy, INIT_STAGE, stopSignalInstructions } from './init';
import type { Instruction, Stage } from './model';
import { ins } from './model';
import { RUNTIME_PACKAGES_DIR, RUNTIME_PACKAGES_MOUNT, runtimePackagesMount } from './runtime-libraries';
import { execForm, dockerfileQuoted, shellWord } from '../core/quote';
import type { ImagePlan } from '../plan/plan';

export const RUNTIME_STAGE = 'runtime';

/**
 * After apt: its lists (size), and the files that record when it ran (apt's and dpkg's logs,
 * ldconfig's cache of file times), so that two builds of one commit give the same layer.
 */
export const APT_CLEANUP = 'rm -rf /var/lib/apt/lists/* /var/log/apt/*.log /var/log/dpkg.log /var/log/alternatives.log /var/cache/ldconfig/aux-cache';

/**
 * `useradd`/`adduser` write the day of the call into /etc/shadow (the last password change):
 * empty it (password aging off: the account has no password and no shell), so the layer is
 * the same whatever the day.
 */
export const UNDATED_USER = "sed -i 's/^\\(app:[^:]*:\\)[0-9]*:/\\1:/' /etc/shadow";

const REPRODUCIBLE_COMMENT = ['Logs and dates of this step are removed: two builds of one commit give one layer (docs/supply-chain.md).'];
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** Stage names of a final stage and of the builder it copies from. */
export interface RuntimeStageNames {
  /** This stage's name. @default RUNTIME_STAGE */
  readonly name?: string;
  /** The builder stage to copy the binary (and CA bundle) from. @default BUILDER_STAGE */
  readonly builder?: string;
  /** The stage to copy tini from, for `init`. @default INIT_STAGE */
  readonly init?: string;
  /** The stage to copy the assets from (`assets`). @default ASSETS_STAGE */
  readonly assets?: string;
  /** The stage to copy the health check probe from (`Healthcheck.http()`). @default PROBE_STAGE */
  readonly probe?: string;
}

/** The final stage: the runtime image, CA certificates, a non-root user and the binary. */
export function runtimeStage(plan: ImagePlan, names: RuntimeStageNames = {}): Stage {
  const builder = names.builder ?? BUILDER_STAGE;
  const binary = builtBinaryPath(plan);
  const instructions: Instruction[] = [
    ...systemSetup(plan, builder),
    ...initCopy(plan, names.init ?? INIT_STAGE),
    ...assetCopies(plan.assets, names.assets ?? ASSETS_STAGE),
    ins.copy([binary], binary, { from: builder }),
  ];
  if (plan.user !== '0') {
    instructions.push(ins.plain('USER', userSpec(plan.user)));
  }
  if (plan.ports.length > 0) {
    instructions.push(ins.plain('EXPOSE', plan.ports.join(' ')));
  }
  instructions.push(...healthcheckInstructions(plan.healthcheck, names.probe ?? PROBE_STAGE));
  for (const [key, value] of plan.env) {
    instructions.push(ins.plain('ENV', `${key}=${dockerfileQuoted(value)}`));
  }
  if (plan.labels.length > 0) {
    instructions.push({ keyword: 'LABEL', args: [plan.labels.map(([key, value]) => `${key}=${dockerfileQuoted(value)}`).join(' \\\n      ')] });
  }
  instructions.push(...stopSignalInstructions(plan), ins.plain('ENTRYPOINT', entrypoint(plan, binary)));
  if (plan.args.length > 0) {
    instructions.push(ins.plain('CMD', execForm(plan.args)));
  }
  return {
    comments: [`Runtime: ${plan.runtime.name}, ${plan.linking} binary, user ${plan.user}.`],
    from: plan.runtime.image,
    name: names.name ?? RUNTIME_STAGE,
    instructions,
  };
}

/** `10001` becomes `10001:10001`: a numeric group too, so files are not owned by root's group. */
function userSpec(user: string): string {
  return user.includes(':') ? user : `${user}:${user}`;
}

function systemSetup(plan: ImagePlan, builder: string): Instruction[] {
  const traits = plan.runtime._traits;
  const [uid, gid] = userSpec(plan.user).split(':');
  const createUser = plan.user !== '0';
  const list = RUNTIME_PACKAGES_MOUNT;
  // Packages besides the binary's libraries: CA certificates and `runtimePackages`.
  const extra = [...(plan.caCertificates ? ['ca-certificates'] : []), ...plan.runtimePackages].map((p) => ` ${shellWord(p)}`).join('');
  const comments = [
    `The packages of the shared libraries the binary needs, as the builder found them (${RUNTIME_PACKAGES_DIR}/<binary>,`,
    `mounted, never copied in)${extra ? `, and${extra}` : ''}${createUser ? '; then the user' : ''}.`,
  ];
  const flags = [runtimePackagesMount(builder, plan.binary.name)];
  switch (traits.packageManager) {
    case 'apt': {
      const install = `xargs apt-get install -y --no-install-recommends${extra} < ${list}`;
      const commands = extra
        ? ['apt-get update', install, APT_CLEANUP]
        // Nothing else to install: apt runs (and needs the network) only when a library's package is missing.
        : [`if ! xargs -r dpkg -s < ${list} > /dev/null 2>&1; then apt-get update && ${install} && ${APT_CLEANUP}; fi`];
      if (createUser) {
        commands.push(`groupadd --gid ${gid} app`, `useradd --no-log-init --uid ${uid} --gid ${gid} --no-create-home --shell /usr/sbin/nologin app`, UNDATED_USER);
      }
      return [ins.run(commands, { flags, comments: [...comments, ...REPRODUCIBLE_COMMENT] })];
    }
    case 'apk': {
      const commands = [extra ? `xargs apk add --no-cache${extra} < ${list}` : `xargs -r apk add --no-cache < ${list}`];
      if (createUser) {
        commands.push(`addgroup -S -g ${gid} app`, `adduser -S -D -H -u ${uid} -G app -s /sbin/nologin app`, UNDATED_USER);
      }
      return [ins.run(commands, { flags, comments })];
    }
    default: {
      const setup: Instruction[] = [];
      if (plan.caCertificates && !traits.caCertificatesIncluded) {
        setup.push(ins.copy([CA_BUNDLE], CA_BUNDLE, { from: builder, comments: [`${plan.runtime.name} has no CA certificates: copy the builder's bundle.`] }));
      }
      return setup;
    }
  }
}
