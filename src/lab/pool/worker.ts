import { parentPort, workerData } from 'node:worker_threads';
import { UserInputError } from '../../core/user-input-error.js';
import { TrafficCache } from '../../sim/traffic/traffic-cache.js';
import { executeJob } from './execute-job.js';
import type { JobContext, LabJob } from './lab-job.js';

/**
 * Entry of a lab pool worker thread (run from dist/: Node cannot start a .ts worker). It gets
 * the plan's JobContext once, as workerData, then runs one job per message and answers with
 * its result (or the error), tagged with the job's index in the plan.
 */

export interface JobRequest {
  readonly index: number;
  readonly job: LabJob;
}

export type JobReply =
  | { readonly index: number; readonly result: unknown }
  | {
      readonly index: number;
      /** `userMessage` is set for a UserInputError: the text the CLI prints (exit code 2). */
      readonly error: { readonly name: string; readonly message: string; readonly stack?: string; readonly userMessage?: string };
    };

const port = parentPort;
if (port === null) throw new Error('lab/pool/worker.js runs as a worker thread only');
const context = (workerData as { context: JobContext }).context;
/** The strategies of a replication share its traffic (jobs come replication by replication). */
const trafficCache = new TrafficCache();

port.on('message', (request: JobRequest) => {
  let reply: JobReply;
  try {
    reply = { index: request.index, result: executeJob(context, request.job, { trafficCache }) };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const userMessage = err instanceof UserInputError ? err.userMessage : undefined;
    reply = { index: request.index, error: { name: err.name, message: err.message, stack: err.stack, userMessage } };
  }
  port.postMessage(reply);
});
