import { Worker } from 'node:worker_threads';
import { LabStoppedError } from '../errors.js';
import type { JobContext, JobResult, PlannedJob } from './lab-job.js';
import { LabWorkerError, WorkerUserError } from './pool-errors.js';
import type { JobReply, JobRequest } from './worker.js';
import { workerEntryUrl } from './worker-entry.js';

export interface PoolOptions {
  /** Worker threads to start (at most one per job). */
  readonly workers: number;
  /** Finished jobs / all jobs, and the label of the job that just finished. */
  readonly onProgress?: (fraction: number, detail: string) => void;
  /** Aborting stops at once: no new job is handed out, the workers are terminated, LabStoppedError. */
  readonly stop?: AbortSignal;
  /** Polled as each job finishes; true stops like `stop` (for callers without an AbortSignal). */
  readonly shouldStop?: () => boolean;
  /** Default: the compiled worker next to this module (see workerEntryUrl). */
  readonly workerUrl?: URL;
}

/**
 * Runs jobs on worker threads; `results[k]` is the result of `jobs[k]` whatever order they
 * finish in, so aggregation sees plan order and the bytes match an in-process run. Jobs are
 * handed out in plan order, one at a time per worker (no queue inside a worker, so a stop
 * wastes at most the jobs already running). Any failure terminates every worker.
 */
export function runInPool(context: JobContext, jobs: readonly PlannedJob[], opts: PoolOptions): Promise<JobResult[]> {
  const total = jobs.length;
  const results: JobResult[] = new Array<JobResult>(total);
  if (total === 0) return Promise.resolve(results);
  if (opts.stop?.aborted) return Promise.reject(new LabStoppedError(0, total));
  const url = opts.workerUrl ?? workerEntryUrl();
  const count = Math.max(1, Math.min(Math.floor(opts.workers), total));

  return new Promise<JobResult[]>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let settled = false;

    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      opts.stop?.removeEventListener('abort', onAbort);
      // Settle only once every thread is gone, so a caller never races a still-running worker.
      void Promise.allSettled(workers.map((w) => w.terminate())).then(() => (error === undefined ? resolve(results) : reject(error)));
    };
    const onAbort = () => finish(new LabStoppedError(done, total));

    const dispatch = (worker: Worker) => {
      if (next >= total) return;
      const index = next++;
      const request: JobRequest = { index, job: jobs[index].job };
      worker.postMessage(request);
    };

    const onReply = (worker: Worker, reply: JobReply) => {
      if (settled) return;
      const label = jobs[reply.index]?.label ?? `#${reply.index}`;
      if ('error' in reply) {
        if (reply.error.userMessage !== undefined) return finish(new WorkerUserError(reply.error.userMessage));
        finish(new LabWorkerError(`job '${label}' failed in a worker: ${reply.error.stack ?? `${reply.error.name}: ${reply.error.message}`}`));
        return;
      }
      results[reply.index] = reply.result as JobResult;
      done++;
      opts.onProgress?.(done / total, label);
      if (settled) return; // onProgress may have aborted
      if (done === total) finish();
      else if (opts.shouldStop?.() === true) onAbort();
      else dispatch(worker);
    };

    opts.stop?.addEventListener('abort', onAbort, { once: true });
    try {
      for (let i = 0; i < count && !settled; i++) {
        const worker = new Worker(url, { workerData: { context } });
        workers.push(worker);
        worker.on('message', (reply: JobReply) => onReply(worker, reply));
        worker.on('error', (e) => finish(new LabWorkerError(`a lab worker failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)));
        worker.on('exit', (code) => {
          if (!settled) finish(new LabWorkerError(`a lab worker exited unexpectedly (exit code ${code})`));
        });
        dispatch(worker);
      }
    } catch (e) {
      // E.g. the context is not cloneable: stop the workers already started.
      finish(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

