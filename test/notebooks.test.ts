/**
 * The notebooks in notebooks/ are executed top to bottom by a real Jupyter client (Debian's
 * `jupyter nbconvert --execute`, i.e. nbclient over ZeroMQ) against the Deno kernel from
 * node_modules, into a temporary directory; any cell that raises fails the test with
 * nbconvert's report of that cell. Needs .ci/install-notebook-deps.sh: in CI (CI set) missing
 * tools are a failure, elsewhere a visible skip.
 *
 * The committed files are checked too (no tools needed): outputs present, no errors, charts with
 * a static SVG, no volatile metadata, small enough to diff.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CELL_TIMEOUT_S, MAX_NOTEBOOK_BYTES, NotebookExecutionError, NotebookToolsMissingError, cellsWithoutOutput, errorOutputs,
  executeNotebook, findNotebookTools, listNotebooks, outputsDifferingFrom, privateKernelEnv, readNotebook, type Env, type NotebookTools,
} from '../notebooks/tools/notebook-runner.js';

const notebooks = listNotebooks();
const names = notebooks.map((p) => basename(p));
/** [file name (for the test title), path] */
const cases = notebooks.map((p) => [basename(p), p] as const);

let tools: NotebookTools | undefined;
let missingReason = '';
try {
  tools = findNotebookTools();
} catch (e) {
  if (!(e instanceof NotebookToolsMissingError)) throw e;
  missingReason = e.message;
}

describe('committed notebooks', () => {
  it('the four notebooks are there', () => {
    expect(names).toEqual([
      '01-quickstart.ipynb', '02-outage-deep-dive.ipynb', '03-calibrate-latency.ipynb', '04-what-if-health-checks.ipynb',
    ]);
  });

  it.for(cases)('%s carries the outputs of a clean run, with SVG charts, and stays small', ([, path]) => {
    expect(statSync(path).size).toBeLessThan(MAX_NOTEBOOK_BYTES);
    const nb = readNotebook(path);
    expect((nb.metadata.kernelspec as { name?: string } | undefined)?.name).toBe('deno');
    expect(errorOutputs(nb)).toEqual([]);
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    // Executed in order, top to bottom, in one session; every code cell shows something.
    expect(code.map((c) => c.execution_count)).toEqual(code.map((_, i) => i + 1));
    expect(cellsWithoutOutput(nb)).toEqual([]);
    expect(nb.cells.filter((c) => c.metadata && 'execution' in c.metadata)).toEqual([]);
    const mimes = code.flatMap((c) => (c.outputs ?? []).flatMap((o) => Object.keys((o.data as object | undefined) ?? {})));
    expect(mimes).toContain('image/svg+xml');
    expect(mimes).toContain('application/vnd.vegalite.v6+json');
  });
});

describe('notebooks executed by Jupyter (nbconvert + Deno kernel)', () => {
  let work = '';
  let env: Env = {};

  beforeAll(() => {
    if (!tools) return;
    work = mkdtempSync(join(tmpdir(), 'routesim-nb-test-'));
    env = privateKernelEnv(tools, work);
  }, 60_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Fails in CI, skips visibly elsewhere, when the tools are missing. */
  function requireTools(ctx: { skip: (note?: string) => never }): NotebookTools {
    if (tools) return tools;
    if (process.env.CI) throw new Error(`${missingReason} (required in CI)`);
    // The note is listed after the summary (test/support/skip-reasons-reporter.ts).
    return ctx.skip(missingReason);
  }

  it('a cell that throws fails the run, naming the error (the harness can fail)', async (ctx) => {
    const t = requireTools(ctx);
    const dir = join(work, 'broken');
    const path = join(dir, 'broken.ipynb');
    mkdirSync(dir, { recursive: true });
    const cell = (id: string, source: string) => ({ cell_type: 'code', execution_count: null, id, metadata: {}, outputs: [], source });
    const nb = {
      cells: [cell('ok', "console.log('fine so far');"), cell('bad', "throw new Error('deliberate failure 7f3a');"), cell('never', "console.log('not reached');")],
      metadata: { kernelspec: { display_name: 'Deno', language: 'typescript', name: 'deno' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(path, JSON.stringify(nb));
    const run = executeNotebook(path, join(work, 'broken-out'), env, t.jupyter);
    await expect(run).rejects.toThrow(NotebookExecutionError);
    await expect(run).rejects.toThrow(/deliberate failure 7f3a/);
  }, CELL_TIMEOUT_S * 1000);

  it.for(cases)('%s runs top to bottom without a cell error', { timeout: CELL_TIMEOUT_S * 1000 }, async ([, path], ctx) => {
    requireTools(ctx);
    const executed = await executeNotebook(path, join(work, 'out'), env, tools!.jupyter);
    const nb = readNotebook(executed.output);
    expect(errorOutputs(nb)).toEqual([]);
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    expect(code.every((c) => typeof c.execution_count === 'number')).toBe(true);
    // Errors come back on the shell channel, reliably; outputs travel on IOPub, where the Deno
    // kernel now and then loses one (notebooks/lib/display.ts). A lost output is not a failure of
    // the notebook, so say it but do not fail on it: the committed files are checked above.
    const empty = cellsWithoutOutput(nb);
    if (empty.length > 0) console.warn(`${basename(path)}: no output reached the client from cell(s) ${empty.join(', ')}`);
    // Simulations are seeded, so a changed output means src/ changed behaviour since the
    // outputs were committed: worth a look, not a failure (npm run notebooks refreshes them).
    const stale = outputsDifferingFrom(readNotebook(path), nb).filter((i) => !empty.includes(i));
    if (stale.length > 0) {
      console.warn(`${basename(path)}: outputs of cell(s) ${stale.join(', ')} differ from the committed ones; run "npm run notebooks" to refresh`);
    }
    console.info(`${basename(path)} executed in ${(executed.durationMs / 1000).toFixed(1)} s (${tools!.versions})`);
  });
});
