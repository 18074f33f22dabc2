/** A port number as typed; undefined for an empty field, NaN for anything else that is not 1–65535. */
export function parsePortField(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const port = /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : NaN;
  return port >= 1 && port <= 65535 ? port : NaN;
}

/** What "open in browser" opens: always this computer's loopback, built from a port number only. */
export function localUrl(port: number): string {
  return `http://localhost:${Math.trunc(port)}/`;
}
