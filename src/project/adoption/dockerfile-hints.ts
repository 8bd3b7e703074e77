/**
 * What an existing, hand-written Dockerfile says about the service: the base image of its
 * final stage and the ports it exposes. Adoption shows them as the detected choices. Pure;
 * a best-effort reading of the common shapes (cargo-chef, docker init, the multi-stage
 * pattern), never an error: what cannot be read is simply not detected.
 */
export interface DockerfileHints {
  /** The final stage's base image as written, e.g. `debian:bookworm-slim`; undefined when it builds on an earlier stage or uses a variable. */
  readonly finalImage?: string;
  /** Ports of `EXPOSE` in the final stage, in order, without duplicates. */
  readonly ports: number[];
}

/** Reads the final stage's image and exposed ports. */
export function dockerfileHints(text: string): DockerfileHints {
  const instructions = logicalLines(text);
  const stages = new Set<string>();
  let finalImage: string | undefined;
  let ports: number[] = [];
  for (const line of instructions) {
    const [keyword, ...rest] = line.split(/\s+/);
    const word = keyword.toUpperCase();
    if (word === 'FROM') {
      const args = rest.filter((a) => !a.startsWith('--'));
      const image = args[0];
      const asIndex = args.findIndex((a) => a.toUpperCase() === 'AS');
      finalImage = image !== undefined && !stages.has(image.toLowerCase()) && !image.includes('$') ? image : undefined;
      if (asIndex >= 0 && args[asIndex + 1]) {
        stages.add(args[asIndex + 1].toLowerCase());
      }
      ports = [];
    } else if (word === 'EXPOSE') {
      for (const spec of rest) {
        const m = /^(\d{1,5})(\/(tcp|udp))?$/i.exec(spec);
        const port = m ? Number(m[1]) : NaN;
        if (port >= 1 && port <= 65535 && !ports.includes(port)) {
          ports.push(port);
        }
      }
    }
  }
  return { ...(finalImage ? { finalImage } : {}), ports };
}

/** Instructions with line continuations joined; comments, blank lines and here-document bodies dropped. */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let heredoc: string | undefined;
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    const line = raw.trim();
    if (heredoc !== undefined) {
      // The body of a here-document (`RUN <<EOF`) is not instructions.
      heredoc = line === heredoc ? undefined : heredoc;
      continue;
    }
    const opens = /(?<!<)<<(?!<)-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(line);
    if (opens && !line.endsWith('\\')) {
      heredoc = opens[1];
    }
    if (line.startsWith('#') || (line === '' && current === '')) {
      continue;
    }
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim() !== '') {
      out.push(current.trim());
    }
    current = '';
  }
  if (current.trim() !== '') {
    out.push(current.trim());
  }
  return out;
}
