import * as net from 'net';

/** HTTP against a published loopback port. */

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

export async function httpGet(url: string, timeoutMs = 5_000): Promise<HttpAnswer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.text() };
}

/** Polls `url` until it answers 200 (the service may still be starting); returns the body. */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt';
  while (Date.now() < deadline) {
    try {
      const answer = await httpGet(url);
      if (answer.status === 200) {
        return answer.body;
      }
      last = `status ${answer.status}: ${answer.body}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

/** A TCP port free on every address right now (the OS picks it; a server started next binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
