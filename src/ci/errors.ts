/** An error in the options or the project layout of `DockerWorkflow`. */
export class CiError extends Error {
  constructor(message: string) {
    super(`DockerWorkflow: ${message}`);
    this.name = 'CiError';
  }
}

/** Runs `fn`, naming the component and its Dockerfile in the CiErrors it throws. */
export function withContext<T>(component: string, dockerfile: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CiError) {
      e.message = e.message.replace(/^DockerWorkflow: /, `${component} (${dockerfile}): `);
    }
    throw e;
  }
}
