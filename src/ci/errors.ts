/** An error in the options or the project layout of `DockerWorkflow`. */
export class CiError extends Error {
  constructor(message: string) {
    super(`DockerWorkflow: ${message}`);
    this.name = 'CiError';
  }
}
