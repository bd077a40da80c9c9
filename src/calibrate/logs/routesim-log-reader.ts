import { requestLogRecordSchema, type RequestLogRecord } from '../../live/request-log/request-log-record.js';
import { jsonLines } from './json-lines.js';
import { LogFormatError } from './log-format-error.js';
import type { LoggedRequest } from './logged-request.js';
import type { newReadNotes } from './logged-request.js';

/**
 * routesim's own request log (`gateway --request-log`, `load --out`: routesim.request-log/1),
 * checked line by line against the shared zod schema. The schema is strict, so a line with a
 * prompt, a header or any unknown key is refused rather than silently carried.
 */
export function* readRoutesimLog(file: string, notes: ReturnType<typeof newReadNotes>): Generator<LoggedRequest> {
  for (const { value, line } of jsonLines(file, () => notes.skipped++)) {
    notes.lines++;
    const r = requestLogRecordSchema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      const path = issue.path.length > 0 ? issue.path.join('.') : '(record)';
      throw new LogFormatError(file, line, `${path}: ${issue.message} (routesim.request-log/1 expected)`);
    }
    yield fromRecord(r.data);
  }
}

/**
 * An unstreamed answer's first token arrives with the whole answer: the gateway logs its
 * `ttftMs` as the full latency, which is not a time to first token. Only streamed requests'
 * TTFTs are kept (else every unstreamed attempt would be fitted as a TTFT as long as the answer).
 */
function fromRecord(rec: RequestLogRecord): LoggedRequest {
  const ttft = (ms: number | null) => (rec.stream ? ms : null);
  return {
    startMs: rec.startUnixMs,
    model: rec['gen_ai.request.model'],
    stream: rec.stream,
    tenant: rec.tenant,
    clientHash: rec.clientHash,
    inputTokens: rec['gen_ai.usage.input_tokens'],
    outputTokens: rec['gen_ai.usage.output_tokens'],
    ttftMs: ttft(rec.ttftMs),
    latencyMs: rec.latencyMs,
    ok: rec.ok,
    outcome: rec.outcome,
    costUsd: rec.costUsd,
    attempts: rec.attempts.map((a) => ({
      deployment: a.deployment,
      provider: a['gen_ai.provider.name'],
      startMs: rec.startUnixMs + a.startOffsetMs,
      ttftMs: ttft(a.ttftMs),
      latencyMs: a.latencyMs,
      outcome: a.outcome,
      statusCode: a['http.response.status_code'],
      retryAfterMs: a.retryAfterMs,
      inputTokens: a['gen_ai.usage.input_tokens'],
      outputTokens: a['gen_ai.usage.output_tokens'],
      costUsd: a.costUsd,
      hedge: a.hedge,
    })),
  };
}
