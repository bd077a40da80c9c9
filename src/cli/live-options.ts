import { printErr } from './terminal-output.js';
import { UsageError } from './user-error.js';

/** --time-scale: a positive finite number. */
export function checkTimeScale(k: number): number {
  if (!(k > 0) || !Number.isFinite(k)) throw new UsageError(`--time-scale must be a positive number, got ${k}`);
  return k;
}

/** A listen failure (port taken, address not local) as a one-line user error. */
export function listenError(err: unknown, host: string, port: number): Error {
  const code = (err as { code?: string }).code;
  if (code === 'EADDRINUSE') return new UsageError(`--port ${port}: already in use on ${host}; pick another or 0 for any free port`);
  if (code === 'EADDRNOTAVAIL' || code === 'EACCES') return new UsageError(`--host ${host} --port ${port}: cannot listen there (${code})`);
  return err instanceof Error ? err : new Error(String(err));
}

/** A bug in one exchange is reported on stderr; the other requests keep being served. */
export function reportCallbackError(err: unknown): void {
  printErr(`routesim: a scheduled callback threw (${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}); continuing\n`);
}
