import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Bench (3b): the default compare as a user runs it (the CLI, report included) on one thread
 * and on the worker pool, next to this machine's own ceiling for two-way parallelism: the same
 * jobs split into two `--shard` processes, timed one after the other and then side by side.
 * Independent processes share nothing, so their speedup is what the hardware gives; a pool
 * cannot beat it.
 */
export interface ParallelCompareFigures {
  /** One wall time per round; rounds alternate one thread and pool so drift hits both alike. */
  readonly oneThreadS: readonly number[];
  readonly poolS: readonly number[];
  readonly shardsInSequenceS: number;
  readonly shardsSideBySideS: number;
}

const BIN = fileURLToPath(new URL('../../bin/routesim.js', import.meta.url));
const SCENARIO = fileURLToPath(new URL('../../scenarios/default.yaml', import.meta.url));

/** Wall time of `routesim compare scenarios/default.yaml --quiet <args>` in a child process, s. */
export function timeCli(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, 'compare', SCENARIO, '--quiet', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve((performance.now() - t0) / 1000);
      else reject(new Error(`routesim compare ${args.join(' ')} exited with ${code}`));
    });
  });
}

export async function measureParallelCompare(replications: number, workers: number, rounds = 1): Promise<ParallelCompareFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'routesim-bench-'));
  // The full plan (floor = cap): what this figure has always measured, and what shards run.
  const reps = ['--replications', String(replications), '--min-replications', String(replications)];
  const out = (name: string) => ['--out', join(dir, name)];
  try {
    const oneThreadS: number[] = [];
    const poolS: number[] = [];
    for (let r = 0; r < rounds; r++) {
      oneThreadS.push(await timeCli([...reps, '--workers', '1', ...out('one')]));
      poolS.push(await timeCli([...reps, '--workers', String(workers), ...out('pool')]));
    }
    const shard = (i: number) => [...reps, '--workers', '1', '--shard', `${i}/2`, ...out(`shard-${i}`)];
    const shardsInSequenceS = (await timeCli(shard(1))) + (await timeCli(shard(2)));
    const t0 = performance.now();
    await Promise.all([timeCli(shard(1)), timeCli(shard(2))]);
    const shardsSideBySideS = (performance.now() - t0) / 1000;
    return { oneThreadS, poolS, shardsInSequenceS, shardsSideBySideS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
