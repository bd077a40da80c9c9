import { Worker } from 'node:worker_threads';
import { LabStoppedError } from '../errors.js';
import type { JobContext, JobResult, PlannedJob } from './lab-job.js';
import { LabWorkerError, WorkerUserError } from './pool-errors.js';
import type { JobReply, JobRequest } from './worker.js';
import { workerEntryUrl } from './worker-entry.js';

export interface PoolOptions extends BatchOptions {
  /** Worker threads to start (at most one per job). */
  readonly workers: number;
  /** Default: the compiled worker next to this module (see workerEntryUrl). */
  readonly workerUrl?: URL;
}

/** How one batch of jobs reports and stops. */
export interface BatchOptions {
  /** Finished jobs / all jobs, and the label of the job that just finished. */
  readonly onProgress?: (fraction: number, detail: string) => void;
  /** Aborting stops at once: no new job is handed out, the workers are terminated, LabStoppedError. */
  readonly stop?: AbortSignal;
  /** Polled as each job finishes; true stops like `stop` (for callers without an AbortSignal). */
  readonly shouldStop?: () => boolean;
}

/** The batch running now: its jobs, results so far and how it ends. */
interface Batch {
  readonly jobs: readonly PlannedJob[];
  readonly results: JobResult[];
  readonly opts: BatchOptions;
  next: number;
  done: number;
  readonly resolve: (results: JobResult[]) => void;
  readonly reject: (error: Error) => void;
  readonly onAbort: () => void;
}

/**
 * Worker threads that run batches of jobs, one batch at a time, and stay up between batches: a
 * sequential compare's rounds then pay for starting threads (loading the simulator, warming the
 * JIT) once, not once per round, and each worker keeps its traffic cache. `results[k]` is the
 * result of `jobs[k]` whatever order they finish in, so aggregation sees plan order and the bytes
 * match an in-process run. Jobs are handed out in plan order, one at a time per worker (no queue
 * inside a worker, so a stop wastes at most the jobs already running). A failure or a stop
 * terminates every worker: the pool is then closed, and the batch settles once every thread is gone.
 */
export class LabWorkerPool {
  private readonly workers: Worker[] = [];
  private batch: Batch | undefined;
  private closed: Promise<void> | undefined;
  /** Why the pool closed itself (a worker failed or a batch was stopped). */
  private failure: Error | undefined;

  /** Starts `workers` threads (at least one) for this context. */
  constructor(context: JobContext, workers: number, workerUrl: URL = workerEntryUrl()) {
    try {
      for (let i = 0; i < Math.max(1, Math.floor(workers)); i++) {
        const worker = new Worker(workerUrl, { workerData: { context } });
        this.workers.push(worker);
        worker.on('message', (reply: JobReply) => this.onReply(worker, reply));
        worker.on('error', (e) => this.fail(new LabWorkerError(`a lab worker failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)));
        worker.on('exit', (code) => {
          if (this.closed === undefined) this.fail(new LabWorkerError(`a lab worker exited unexpectedly (exit code ${code})`));
        });
      }
    } catch (e) {
      // E.g. the context is not cloneable: stop the workers already started.
      void this.close();
      throw e;
    }
  }

  /** Runs one batch on the pool's threads; results in the jobs' order. */
  run(jobs: readonly PlannedJob[], opts: BatchOptions = {}): Promise<JobResult[]> {
    if (this.batch !== undefined) return Promise.reject(new RangeError('a lab pool runs one batch at a time'));
    if (this.closed !== undefined) return Promise.reject(this.failure ?? new LabWorkerError('the lab pool is closed'));
    const total = jobs.length;
    if (total === 0) return Promise.resolve([]);
    if (opts.stop?.aborted) return Promise.reject(new LabStoppedError(0, total));
    return new Promise<JobResult[]>((resolve, reject) => {
      const batch: Batch = {
        jobs, results: new Array<JobResult>(total), opts, next: 0, done: 0, resolve, reject,
        onAbort: () => this.fail(new LabStoppedError(batch.done, total)),
      };
      this.batch = batch;
      opts.stop?.addEventListener('abort', batch.onAbort, { once: true });
      for (const worker of this.workers) this.dispatch(worker, batch);
    });
  }

  /** Terminates every thread; resolves once they are all gone. */
  close(): Promise<void> {
    this.closed ??= Promise.allSettled(this.workers.map((w) => w.terminate())).then(() => undefined);
    return this.closed;
  }

  private dispatch(worker: Worker, batch: Batch): void {
    if (batch.next >= batch.jobs.length) return;
    const index = batch.next++;
    const request: JobRequest = { index, job: batch.jobs[index].job };
    worker.postMessage(request);
  }

  private onReply(worker: Worker, reply: JobReply): void {
    const batch = this.batch;
    if (batch === undefined || this.closed !== undefined) return;
    const label = batch.jobs[reply.index]?.label ?? `#${reply.index}`;
    if ('error' in reply) {
      if (reply.error.userMessage !== undefined) return this.fail(new WorkerUserError(reply.error.userMessage));
      return this.fail(new LabWorkerError(`job '${label}' failed in a worker: ${reply.error.stack ?? `${reply.error.name}: ${reply.error.message}`}`));
    }
    batch.results[reply.index] = reply.result as JobResult;
    batch.done++;
    batch.opts.onProgress?.(batch.done / batch.jobs.length, label);
    if (this.batch !== batch) return; // onProgress may have aborted
    if (batch.done === batch.jobs.length) this.end(batch);
    else if (batch.opts.shouldStop?.() === true) batch.onAbort();
    else this.dispatch(worker, batch);
  }

  private end(batch: Batch, error?: Error): void {
    this.batch = undefined;
    batch.opts.stop?.removeEventListener('abort', batch.onAbort);
    if (error === undefined) batch.resolve(batch.results);
    else batch.reject(error);
  }

  /** A failure or a stop: every thread goes, then the running batch (if any) rejects. */
  private fail(error: Error): void {
    if (this.closed !== undefined) return;
    this.failure = error;
    const batch = this.batch;
    void this.close().then(() => {
      if (batch !== undefined) this.end(batch, error);
    });
  }
}

/** Runs jobs on a pool of its own (at most one worker per job), closed before it settles. */
export async function runInPool(context: JobContext, jobs: readonly PlannedJob[], opts: PoolOptions): Promise<JobResult[]> {
  if (jobs.length === 0) return [];
  if (opts.stop?.aborted) throw new LabStoppedError(0, jobs.length);
  const pool = new LabWorkerPool(context, Math.min(Math.floor(opts.workers), jobs.length), opts.workerUrl);
  try {
    return await pool.run(jobs, opts);
  } finally {
    await pool.close();
  }
}
