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
