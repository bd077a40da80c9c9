/**
 * `npm run notebooks [-- name-fragment ...]`: executes the notebooks with a real Jupyter client
 * and writes them back with fresh outputs, volatile metadata stripped. A notebook is replaced
 * only after it ran cleanly with an output from every code cell; a failing one is left as it
 * was and the command exits 1.
 * Runs under Deno (npm script: deno run -A --config notebooks/deno.json ...).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import process from 'node:process';
import {
  MAX_NOTEBOOK_BYTES, NotebookExecutionError, NotebookToolsMissingError, OutputsLostError, executeNotebook, findNotebookTools,
  listNotebooks, privateKernelEnv, replaceWithExecuted,
} from './notebook-runner.ts';

const MAX_ATTEMPTS = 3;

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const notebooks = listNotebooks().filter((p) => filters.length === 0 || filters.some((f) => basename(p).includes(f)));
  if (notebooks.length === 0) {
    console.error(`no notebook matches ${filters.join(', ')}`);
    return 2;
  }
  const tools = findNotebookTools();
  console.log(`executing ${notebooks.length} notebook(s) with ${tools.versions}`);
  const work = mkdtempSync(join(tmpdir(), 'routesim-notebooks-'));
  let failed = 0;
  try {
    const env = privateKernelEnv(tools, work);
    for (const nb of notebooks) {
      for (let attempt = 1; ; attempt++) {
        try {
          const executed = await executeNotebook(nb, join(work, 'out'), env, tools.jupyter);
          const bytes = replaceWithExecuted(executed);
          const warn = bytes > MAX_NOTEBOOK_BYTES ? `  WARNING: over ${MAX_NOTEBOOK_BYTES / 1024} KB` : '';
          console.log(`${basename(nb)}: ${(executed.durationMs / 1000).toFixed(1)} s, ${(bytes / 1024).toFixed(0)} KB${warn}`);
          break;
        } catch (e) {
          // A lost output is the kernel's transport, not the notebook: run it again (a few times).
          if (e instanceof OutputsLostError && attempt < MAX_ATTEMPTS) {
            console.warn(`${e.message}; running it again (attempt ${attempt + 1} of ${MAX_ATTEMPTS})`);
            continue;
          }
          if (!(e instanceof NotebookExecutionError || e instanceof OutputsLostError)) throw e;
          failed++;
          console.error(e.message);
          break;
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (e) {
  if (e instanceof NotebookToolsMissingError) {
    console.error(e.message);
    process.exitCode = 2;
  } else throw e;
}
