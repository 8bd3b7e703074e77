import * as fs from 'fs';
import type { YamlFile } from 'projen';
import { Component } from 'projen';

/** An action pinned to the commit of a release tag. */
export interface ActionPin {
  /** `owner/repo`. */
  readonly action: string;
  /** The release tag the commit belongs to, written as a comment after `uses:`. */
  readonly version: string;
  /** The full commit SHA of that tag. */
  readonly sha: string;
}

/**
 * Every action the generated workflows use, pinned to the full commit SHA of a release.
 * Each SHA was read from the action repository's git tag (`git rev-parse <tag>^{commit}`).
 *
 * Users move a pin (or point an action at a fork) through projen's actions provider,
 * without waiting for a release of this library:
 *
 *   project.github!.actions.set('docker/build-push-action', 'docker/build-push-action@<sha>');
 *
 * To update: pick the new tag, take its commit SHA (not the SHA of an annotated tag
 * object), and change the entry below.
 */
export const ACTION_PINS: { readonly [action: string]: ActionPin } = pins([
  { action: 'actions/checkout', version: 'v7.0.1', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1' },
  { action: 'actions/setup-node', version: 'v7.0.0', sha: '820762786026740c76f36085b0efc47a31fe5020' },
  { action: 'actions/upload-artifact', version: 'v7.0.0', sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f' },
  { action: 'actions/download-artifact', version: 'v8.0.1', sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c' },
  { action: 'docker/setup-qemu-action', version: 'v4.2.0', sha: '96fe6ef7f33517b61c61be40b68a1882f3264fb8' },
  { action: 'docker/setup-buildx-action', version: 'v4.3.0', sha: '37fe631027851001ddb9b187196cc803df7f5f0e' },
  { action: 'docker/login-action', version: 'v4.1.0', sha: '4907a6ddec9925e35a0a9e82d7399ccc52663121' },
  { action: 'docker/metadata-action', version: 'v6.2.0', sha: 'dc802804100637a589fabce1cb79ff13a1411302' },
  { action: 'docker/build-push-action', version: 'v7.3.0', sha: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a' },
  { action: 'sigstore/cosign-installer', version: 'v4.1.2', sha: '6f9f17788090df1f26f669e9d70d6ae9567deba6' },
  { action: 'Swatinem/rust-cache', version: 'v2.9.2', sha: '6323deb102c322ba6fcbdcafc7e3dddab59af2b6' },
]);

function pins(list: ActionPin[]): { [action: string]: ActionPin } {
  const result: { [action: string]: ActionPin } = {};
  for (const pin of list) {
    result[pin.action] = pin;
  }
  return result;
}

/** `owner/repo@<sha>` for a pinned action. projen's actions provider may still override it. */
export function pinned(action: string): string {
  const pin = ACTION_PINS[action];
  if (!pin) {
    throw new Error(`no pin for action ${action}: add it to src/ci/github/action-pins.ts`);
  }
  return `${pin.action}@${pin.sha}`;
}

/** The pin for an `uses:` value, when it is exactly one of ours. */
function pinOf(uses: string): ActionPin | undefined {
  const at = uses.indexOf('@');
  const pin = at > 0 ? ACTION_PINS[uses.slice(0, at)] : undefined;
  return pin && uses === `${pin.action}@${pin.sha}` ? pin : undefined;
}

/**
 * Appends `# <version>` to every `uses:` line of the text that names one of our pins, so
 * reviewers (and Dependabot/Renovate) see which release a SHA is. A `uses:` that projen's
 * actions provider changed to something else is left as it is.
 */
export function addVersionComments(text: string): string {
  return text.replace(/^(\s*(?:- )?uses: )(\S+)[ \t]*$/gm, (line, prefix: string, uses: string) => {
    const pin = pinOf(uses);
    return pin ? `${prefix}${uses} # ${pin.version}` : line;
  });
}

/** The id of the component that writes a workflow file's version comments, a child of the file. */
const VERSION_COMMENTS_ID = 'PinVersionComments';

/**
 * Rewrites a synthesized workflow file with version comments after pinned SHAs. projen renders
 * YAML from objects and has no way to attach comments, nor a hook on a file's rendered text,
 * so the file is rewritten on disk right after projen writes it.
 *
 * The component is a child of the file: projen synthesizes a project's components in
 * construct-tree pre-order (`Project.components` is `node.findAll()`), so this `synthesize()`
 * runs right after the file's own. It is `synthesize()` and not `postSynthesize()` because
 * post-synthesis is skipped by `projen --no-post` and by `Testing.synth`.
 */
class PinVersionComments extends Component {
  constructor(private readonly file: YamlFile) {
    super(file, VERSION_COMMENTS_ID);
  }

  public synthesize(): void {
    const filePath = this.file.absolutePath;
    if (!fs.existsSync(filePath)) {
      return;
    }
    const text = fs.readFileSync(filePath, 'utf8');
    const annotated = addVersionComments(text);
    if (annotated === text) {
      return;
    }
    // projen writes generated files read-only: write as projen does, then restore its mode.
    const mode = fs.statSync(filePath).mode;
    fs.chmodSync(filePath, 0o600);
    fs.writeFileSync(filePath, annotated);
    fs.chmodSync(filePath, mode);
  }
}

/**
 * Makes a workflow file carry version comments after pinned SHAs (see `addVersionComments`).
 * Calling it again for the same file changes nothing.
 */
export function annotatePins(file: YamlFile): void {
  if (file.node.tryFindChild(VERSION_COMMENTS_ID) === undefined) {
    new PinVersionComments(file);
  }
}
