/**
 * Runs the notebooks the way a user's Jupyter does: Debian's `jupyter nbconvert --execute`
 * (nbclient) talking to the Deno kernel over ZeroMQ. Shared by test/notebooks.test.ts (Node,
 * vitest) and `npm run notebooks` (Deno), so it uses node: built-ins only.
 *
 * The kernelspec is private: `deno jupyter --install` writes into a temporary XDG data dir and
 * nbconvert finds it through JUPYTER_PATH, so a run never depends on (or changes) whatever
 * kernels the user registered, and always uses this checkout's Deno from node_modules.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NOTEBOOK_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(NOTEBOOK_DIR, '..');
/** Committed notebooks must stay small enough to review as diffs. */
export const MAX_NOTEBOOK_BYTES = 300 * 1024;
/** Per-cell limit handed to nbclient; the slowest cell (a parameter sweep) needs seconds. */
export const CELL_TIMEOUT_S = 600;

/** Environment variables for a child process (spelled out so Deno's checker needs no @types/node). */
export type Env = Record<string, string | undefined>;

export class NotebookToolsMissingError extends Error {
  override readonly name = 'NotebookToolsMissingError';
}

export class NotebookExecutionError extends Error {
  override readonly name = 'NotebookExecutionError';
}

/** The run was clean but some output never reached the client; running again usually fixes it. */
export class OutputsLostError extends Error {
  override readonly name = 'OutputsLostError';
}

export interface NotebookTools {
  readonly jupyter: string;
  /** Absolute path of the native Deno binary (not the npm shim). */
  readonly deno: string;
  readonly versions: string;
}

export function listNotebooks(dir = NOTEBOOK_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort().map((f) => join(dir, f));
}

function run(cmd: string, args: readonly string[], env?: Env): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: env ?? process.env, timeout: 60_000 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() || String(r.error ?? '') };
}

/**
 * Finds jupyter-nbconvert (with nbclient) and this checkout's Deno; throws
 * NotebookToolsMissingError naming what is missing and how to get it.
 */
export function findNotebookTools(): NotebookTools {
  const missing: string[] = [];
  const jupyter = process.env.JUPYTER ?? 'jupyter';
  const nbconvert = run(jupyter, ['nbconvert', '--version']);
  if (!nbconvert.ok) missing.push(`"${jupyter} nbconvert" does not run (${nbconvert.out.split('\n')[0] || 'not found'})`);
  const shim = join(REPO_ROOT, 'node_modules', '.bin', 'deno');
  let deno = '';
  let denoVersion = '';
  if (!existsSync(shim)) missing.push(`${shim} not found (the "deno" devDependency: run npm ci)`);
  else {
    // The shim may be npm's Node wrapper; the kernelspec should point at the binary itself.
    // One Deno start gives the version and the binary's path (its last two output lines).
    const exec = run(shim, ['eval', 'console.log(Deno.version.deno); console.log(Deno.execPath())']);
    const [version, execPath] = exec.out.trim().split('\n').slice(-2);
    if (!exec.ok || execPath === undefined) missing.push(`${shim} does not run: ${exec.out.split('\n')[0]}`);
    else {
      deno = execPath.trim();
      denoVersion = `deno ${version.trim()}`;
    }
  }
  if (missing.length > 0) {
    throw new NotebookToolsMissingError(
      `cannot execute notebooks: ${missing.join('; ')}. Install with: bash .ci/install-notebook-deps.sh (Debian: jupyter-nbconvert, python3-nbclient, jupyter-client) and npm ci`,
    );
  }
  return { jupyter, deno, versions: `nbconvert ${nbconvert.out.split('\n').pop()}, ${denoVersion}` };
}

/** Registers the Deno kernel in a private data dir under `workDir`; returns the env that finds it. */
export function privateKernelEnv(tools: NotebookTools, workDir: string): Env {
  const dataHome = join(workDir, 'xdg-data');
  mkdirSync(dataHome, { recursive: true });
  // deno writes to $XDG_DATA_HOME/jupyter/kernels/deno (it ignores JUPYTER_DATA_DIR).
  const install = run(tools.deno, ['jupyter', '--install', '--force'], { ...process.env, XDG_DATA_HOME: dataHome });
  const jupyterPath = join(dataHome, 'jupyter');
  if (!install.ok || !existsSync(join(jupyterPath, 'kernels', 'deno', 'kernel.json'))) {
    throw new NotebookToolsMissingError(`"deno jupyter --install" failed: ${install.out}`);
  }
  return {
    ...process.env,
    JUPYTER_PATH: jupyterPath,
    JUPYTER_RUNTIME_DIR: join(workDir, 'runtime'),
    // Deno must not try to fetch anything: the project's node_modules is the only package source.
    DENO_NO_UPDATE_CHECK: '1',
    NO_COLOR: '1',
  };
}

export interface ExecutedNotebook {
  readonly source: string;
  readonly output: string;
  readonly durationMs: number;
}

/**
 * Executes one notebook top to bottom into `outDir` (same file name). nbconvert stops at the
 * first cell that raises and exits non-zero; that becomes a NotebookExecutionError carrying
 * nbconvert's report of the failing cell and its traceback.
 */
export function executeNotebook(path: string, outDir: string, env: Env, jupyter = 'jupyter'): Promise<ExecutedNotebook> {
  mkdirSync(outDir, { recursive: true });
  const args = [
    'nbconvert', '--to', 'notebook', '--execute',
    `--ExecutePreprocessor.timeout=${CELL_TIMEOUT_S}`,
    '--ExecutePreprocessor.kernel_name=deno',
    // No per-cell timestamps in the output (they would churn every diff).
    '--ExecutePreprocessor.record_timing=False',
    '--output-dir', outDir,
    path,
  ];
  const started = performance.now();
  return new Promise((resolveRun, reject) => {
    // cwd = the notebook's folder, as in JupyterLab (relative paths in cells start there).
    execFile(jupyter, args, { cwd: dirname(path), env, maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) => {
      const durationMs = performance.now() - started;
      const output = join(outDir, basename(path));
      if (err) {
        reject(new NotebookExecutionError(`${basename(path)} failed after ${(durationMs / 1000).toFixed(1)} s:\n${tail(stderr, 80)}`));
        return;
      }
      resolveRun({ source: path, output, durationMs });
    });
  });
}

function tail(text: string, lines: number): string {
  const all = text.split('\n').filter((l) => !l.includes('"deno jupyter" is unstable'));
  return all.slice(-lines).join('\n');
}

interface NotebookJson {
  cells: { cell_type: string; metadata?: Record<string, unknown>; outputs?: { output_type: string; [k: string]: unknown }[]; execution_count?: number | null; [k: string]: unknown }[];
  metadata: Record<string, unknown>;
  [k: string]: unknown;
}

export function readNotebook(path: string): NotebookJson {
  return JSON.parse(readFileSync(path, 'utf8')) as NotebookJson;
}

/** Errors recorded in a notebook's outputs (there should be none after a clean run). */
export function errorOutputs(nb: NotebookJson): string[] {
  return nb.cells.flatMap((c, i) =>
    (c.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `cell ${i + 1}: ${String(o.ename)}: ${String(o.evalue)}`));
}

/**
 * 1-based numbers of code cells that produced no output. Every cell of these notebooks shows
 * something, so an empty one means an output was lost on the way (see notebooks/lib/display.ts).
 */
export function cellsWithoutOutput(nb: NotebookJson): number[] {
  return nb.cells.flatMap((c, i) => (c.cell_type === 'code' && (c.outputs ?? []).length === 0 ? [i + 1] : []));
}

/** 1-based numbers of the cells whose outputs differ between two versions of a notebook. */
export function outputsDifferingFrom(committed: NotebookJson, executed: NotebookJson): number[] {
  const out = (nb: NotebookJson, i: number) => JSON.stringify(sortKeys(nb.cells[i]?.outputs ?? []));
  const n = Math.max(committed.cells.length, executed.cells.length);
  return Array.from({ length: n }, (_, i) => i).filter((i) => out(committed, i) !== out(executed, i)).map((i) => i + 1);
}

/**
 * Drops what changes on every run without the notebook changing: nbclient's per-cell
 * timestamps (`metadata.execution`) and any widget state. Everything else is deterministic
 * (seeded simulations, deterministic SVG), so re-running an unchanged notebook is a no-op diff.
 */
export function stripVolatile(nb: NotebookJson): NotebookJson {
  for (const cell of nb.cells) {
    if (cell.metadata) {
      delete cell.metadata.execution;
      delete cell.metadata.ExecuteTime;
    }
  }
  delete nb.metadata.widgets;
  return nb;
}

/** nbformat's own layout (sorted keys, indent 1, trailing newline), so Jupyter re-saves identically. */
export function serializeNotebook(nb: NotebookJson): string {
  return `${JSON.stringify(sortKeys(nb), null, 1)}\n`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** Strips an executed notebook and moves it over the committed one (only after a clean, complete run). */
export function replaceWithExecuted(executed: ExecutedNotebook): number {
  const nb = stripVolatile(readNotebook(executed.output));
  const errors = errorOutputs(nb);
  if (errors.length > 0) throw new NotebookExecutionError(`${basename(executed.source)}: ${errors.join('; ')}`);
  const empty = cellsWithoutOutput(nb);
  if (empty.length > 0) throw new OutputsLostError(`${basename(executed.source)}: no output from cell(s) ${empty.join(', ')}`);
  const text = serializeNotebook(nb);
  const tmp = `${executed.source}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, executed.source);
  return Buffer.byteLength(text);
}
