import type { IConstruct } from 'constructs';
import { FileBase } from 'projen';

/**
 * A read-only projen file whose content is rendered at synthesis time, so that it follows
 * Cargo.toml edits and options set after construction. The renderer writes its own
 * generated-file marker (a Dockerfile's `# syntax=` line must stay first).
 */
export class RenderedFile extends FileBase {
  private readonly render: () => string;

  constructor(scope: IConstruct, filePath: string, render: () => string) {
    super(scope, filePath, { readonly: true, marker: true });
    this.render = render;
  }

  protected synthesizeContent(): string {
    return this.render();
  }
}
