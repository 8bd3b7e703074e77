/**
 * An option or a combination of options that cannot produce a correct image. The message
 * names the option, says what is wrong and how to fix it.
 */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}
