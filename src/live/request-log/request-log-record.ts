/**
 * The gateway's request log: one JSON object per line, one line per finished client request
 * (contract in briefs/request-log-format.md, shared by the gateway, which writes it, and
 * calibration, which reads it). Field names follow the OpenTelemetry GenAI semantic
 * conventions where one fits, as flat dotted keys; routesim names otherwise. Durations are
 * ms (floats) on the router's clock: real ms, or scenario ms when the gateway runs with
 * `--time-scale k` (real ms × k); `startUnixMs` is the wall clock when the request arrived.
 * An attempt's `outcome` is the router's view of it (a timeout the router enforced, where
 * the transport only saw a cancel).
 *
 * Never in a record: prompts, responses, API keys, headers. `clientHash` is a hash, never a
 * raw user id.
 *
 * Outcome kinds and failure reasons are listed here rather than imported so that the schema
 * reads older and newer logs alike: an unknown kind written by a later routesim is still a
 * string the reader can count, so both fields accept any non-empty string and the known
 * values are exported for readers that want to check.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { z } from 'zod';

export const REQUEST_LOG_SCHEMA = 'routesim.request-log/1';

/** routesim AttemptOutcomeKind values known when this schema was written. */
export const KNOWN_ATTEMPT_OUTCOMES = [
  'success',
  'server-error',
  'timeout',
  'rate-limited',
  'overloaded',
  'context-exceeded',
  'client-error',
  'connection-error',
  'cancelled',
] as const;

/** Request outcomes: 'success' or a routesim FailureReason. */
export const KNOWN_REQUEST_OUTCOMES = [
  'success',
  'no-provider',
  'deadline',
  'retries-exhausted',
  'non-retryable',
  'stream-interrupted',
  'client-cancelled',
] as const;

const durationMs = z.number().finite().nonnegative();
const tokens = z.number().int().nonnegative();
const usd = z.number().finite().nonnegative();

export const requestLogAttemptSchema = z.strictObject({
  attemptNo: z.number().int().nonnegative(),
  deployment: z.string().min(1),
  'gen_ai.provider.name': z.string().min(1),
  /** host:port of the upstream. */
  'server.address': z.string(),
  /** From the request's start to this attempt's send, ms. */
  startOffsetMs: durationMs,
  ttftMs: durationMs.nullable(),
  latencyMs: durationMs,
  outcome: z.string().min(1),
  'http.response.status_code': z.number().int().min(100).max(599).nullable(),
  retryAfterMs: durationMs.nullable(),
  'gen_ai.usage.input_tokens': tokens,
  'gen_ai.usage.output_tokens': tokens,
  costUsd: usd,
  /** Was this attempt a hedge (sent while an earlier attempt of the request was still running). */
  hedge: z.boolean(),
});

export const requestLogRecordSchema = z.strictObject({
  schema: z.literal(REQUEST_LOG_SCHEMA),
  /** The client's `x-routesim-request-id` when it sent one, else a gateway id. */
  requestId: z.string().min(1),
  startUnixMs: z.number().finite().nonnegative(),
  'gen_ai.request.model': z.string(),
  'gen_ai.response.model': z.string().nullable(),
  stream: z.boolean(),
  tenant: z.string().nullable(),
  clientHash: z.string().nullable(),
  'gen_ai.usage.input_tokens': tokens,
  'gen_ai.usage.output_tokens': tokens,
  ttftMs: durationMs.nullable(),
  latencyMs: durationMs,
  ok: z.boolean(),
  outcome: z.string().min(1),
  /** The last attempt's outcome kind when the request failed; null when it succeeded. */
  'error.type': z.string().nullable(),
  costUsd: usd,
  attempts: z.array(requestLogAttemptSchema),
});

export type RequestLogAttempt = z.infer<typeof requestLogAttemptSchema>;
export type RequestLogRecord = z.infer<typeof requestLogRecordSchema>;

/**
 * Appends records to a JSONL file, one `write` per line so that a crash leaves whole lines
 * (the last one at worst cut short, which a reader skips as a bad final line). Opens in append
 * mode: an existing log keeps its lines.
 */
export class RequestLogWriter {
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  append(record: RequestLogRecord): void {
    if (this.fd === undefined) throw new Error(`request log ${this.path} is closed`);
    writeSync(this.fd, JSON.stringify(record) + '\n');
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Parses one line of a request log; throws a zod error naming the bad field. */
export function parseRequestLogLine(line: string): RequestLogRecord {
  return requestLogRecordSchema.parse(JSON.parse(line));
}
