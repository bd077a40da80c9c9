import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LabWorkerError } from './pool-errors.js';

/**
 * Where the worker thread's script is. From the build (dist/lab/pool/*.js, what the CLI runs)
 * it is the sibling worker.js. From the TypeScript sources (vitest) Node cannot run a .ts
 * worker, so the compiled dist/lab/pool/worker.js is used: `npm test` builds dist/ first.
 */
export function workerEntryUrl(moduleUrl: string = import.meta.url): URL {
  if (moduleUrl.endsWith('.js')) return new URL('./worker.js', moduleUrl);
  const built = new URL('../../../dist/lab/pool/worker.js', moduleUrl);
  if (!existsSync(fileURLToPath(built))) {
    throw new LabWorkerError(`no compiled worker at ${fileURLToPath(built)}: run 'npm run build' first (or use --workers 1)`);
  }
  return built;
}
