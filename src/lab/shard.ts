import { LabUsageError } from './errors.js';

/**
 * `--shard i/N`: one of N deterministic slices of a lab plan, for running a comparison or a
 * sweep on several machines (a Kubernetes Indexed Job, a CI matrix, a Slurm array). Job k of
 * the plan (0-based, plan order) belongs to shard (k mod N) + 1: round robin, so every shard
 * gets a similar mix of strategies and replications. `routesim merge` puts them back together.
 */

export interface ShardSpec {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export class ShardError extends LabUsageError {
  override readonly name = 'ShardError';
}

const SHARD = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;

export function parseShard(text: string): ShardSpec {
  const m = SHARD.exec(text);
  if (m === null) throw new ShardError(`--shard ${text}: expected i/N, e.g. --shard 2/4 (shard 2 of 4, counting from 1)`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new ShardError(`--shard ${text}: N must be at least 1`);
  if (!Number.isSafeInteger(index) || index < 1 || index > count) {
    throw new ShardError(`--shard ${text}: i must be between 1 and ${count} (shards count from 1${index === 0 ? '; with a 0-based index such as JOB_COMPLETION_INDEX, pass index + 1' : ''})`);
  }
  return { index, count };
}

export function formatShard(shard: ShardSpec): string {
  return `${shard.index}/${shard.count}`;
}

/** Indices (plan order) of the jobs of one shard. */
export function shardJobIndices(jobCount: number, shard: ShardSpec): number[] {
  const out: number[] = [];
  for (let k = shard.index - 1; k < jobCount; k += shard.count) out.push(k);
  return out;
}
