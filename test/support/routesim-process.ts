import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * The real `routesim` binary in a child process, as a user runs it (bin/routesim.js loads
 * dist/, which npm test builds first).
 */
export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'routesim.js');

/** Runs `routesim args…` to completion (killed after `timeoutMs`). */
export function routesim(args: readonly string[], { timeoutMs = 60_000 }: { timeoutMs?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: timeoutMs });
}

/** The same, without blocking, so independent invocations can run side by side. */
export function routesimAsync(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** What a user sees has no stack trace in it. */
export function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

/** A running `routesim` with the CLI's test markers on (ROUTESIM_TEST_MARKERS=1): wait for a phase, then act. */
export interface MarkedProcess {
  /** Resolves once `routesim-test: <phase>` has appeared on stderr (rejects if the process ends first). */
  readonly phase: (name: string) => Promise<void>;
  readonly signal: (sig: NodeJS.Signals) => void;
  /** Exit code (null when killed by a signal) and everything on stderr, once the streams are closed. */
  readonly done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function routesimMarked(args: readonly string[], env: Record<string, string> = {}): MarkedProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, ROUTESIM_TEST_MARKERS: '1' } });
  let stderr = '';
  let closed = false;
  const waiters: { line: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) if (stderr.includes(`${w.line}\n`)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  };
  child.stderr.on('data', (d) => ((stderr += String(d)), check()));
  child.stdout.resume();
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (status, signal) => {
      closed = true;
      for (const w of waiters.splice(0)) w.reject(new Error(`routesim ended before '${w.line}': ${stderr}`));
      resolve({ status, signal, stderr });
    }),
  );
  return {
    phase: (name) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ line: `routesim-test: ${name}`, resolve, reject });
        check();
        if (closed) for (const w of waiters.splice(0)) w.reject(new Error(`routesim ended before '${w.line}': ${stderr}`));
      }),
    signal: (sig) => child.kill(sig),
    done,
  };
}
