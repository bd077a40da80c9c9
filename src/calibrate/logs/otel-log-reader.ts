import { groupBy } from '../../core/group-by.js';
import { hashId } from './hash-id.js';
import { jsonLines } from './json-lines.js';
import { LogFormatError } from './log-format-error.js';
import { outcomeFromError, requestFromAttempts, type LoggedAttempt, type LoggedRequest, type newReadNotes } from './logged-request.js';
import { spansOfLine, type OtelSpan } from './otel-span.js';

/**
 * OpenTelemetry GenAI spans (OTLP JSON, one export or span per line) → logged requests.
 * A span with gen_ai attributes is one attempt; attempts sharing a parent span (or a
 * `routesim.request_id`) are one client request, in start order. A parent span present in
 * the file gives the request's own start and end. Content attributes (prompts, completions,
 * messages) and raw user ids are never kept; user ids are hashed.
 */
const CONTENT_KEY = /prompt|completion|messages|content|api[_.]?key|authorization|instructions/i;
const USER_KEYS = ['enduser.id', 'user.id', 'gen_ai.user.id', 'routesim.client_id'];


export function readOtelLog(file: string, notes: ReturnType<typeof newReadNotes>): LoggedRequest[] {
  const spans: OtelSpan[] = [];
  for (const { value, line } of jsonLines(file, () => notes.skipped++)) {
    notes.lines++;
    for (const s of spansOfLine(value, file, line)) spans.push(s);
  }
  const parents = new Set(spans.map((s) => s.parentSpanId).filter((p) => p !== ''));
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const attemptSpans = spans.filter((s) => !(s.spanId !== '' && parents.has(s.spanId)) && isGenAi(s));
  if (spans.length > 0 && attemptSpans.length === 0) throw new LogFormatError(file, undefined, 'no span has gen_ai.request.model or gen_ai.provider.name / gen_ai.system (OpenTelemetry GenAI spans expected)');
  for (const s of spans) for (const k of s.attrs.keys()) if (CONTENT_KEY.test(k) || USER_KEYS.includes(k)) notes.dropped.add(k);
  const groups = groupBy(attemptSpans, (s) => String(s.attrs.get('routesim.request_id') ?? (s.parentSpanId !== '' ? s.parentSpanId : `#${s.line}:${s.spanId}`)));
  const out: LoggedRequest[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => a.startMs - b.startMs);
    out.push(toRequest(list, byId.get(list[0].parentSpanId), file));
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}

const isGenAi = (s: OtelSpan) => s.attrs.has('gen_ai.request.model') || s.attrs.has('gen_ai.provider.name') || s.attrs.has('gen_ai.system');

function num(s: OtelSpan, key: string, file: string): number | null {
  const v = s.attrs.get(key);
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new LogFormatError(file, s.line, `${key}: expected a number >= 0, got ${JSON.stringify(v)}`);
  return n;
}

const str = (s: OtelSpan, key: string) => {
  const v = s.attrs.get(key);
  return v === undefined ? undefined : String(v);
};

function ttftOf(s: OtelSpan, file: string): number | null {
  const seconds = num(s, 'gen_ai.server.time_to_first_token', file) ?? num(s, 'gen_ai.response.time_to_first_chunk', file);
  if (seconds !== null) return seconds * 1000;
  const ms = num(s, 'routesim.ttft_ms', file);
  if (ms !== null) return ms;
  for (const name of ['gen_ai.first_token', 'first_token', 'gen_ai.content.first_chunk']) {
    const t = s.events.get(name);
    if (t !== undefined) return Math.max(0, t - s.startMs);
  }
  return null;
}

function toAttempt(s: OtelSpan, file: string): LoggedAttempt {
  const provider = str(s, 'gen_ai.provider.name') ?? str(s, 'gen_ai.system') ?? str(s, 'server.address') ?? 'unknown';
  const model = str(s, 'gen_ai.response.model') ?? str(s, 'gen_ai.request.model') ?? 'model';
  const status = num(s, 'http.response.status_code', file);
  return {
    deployment: str(s, 'routesim.deployment') ?? `${provider}/${model}`,
    provider,
    startMs: s.startMs,
    ttftMs: ttftOf(s, file),
    latencyMs: s.endMs - s.startMs,
    outcome: outcomeFromError(str(s, 'error.type') ?? null, status),
    statusCode: status,
    retryAfterMs: num(s, 'routesim.retry_after_ms', file),
    inputTokens: num(s, 'gen_ai.usage.input_tokens', file) ?? 0,
    outputTokens: num(s, 'gen_ai.usage.output_tokens', file) ?? 0,
    costUsd: num(s, 'routesim.cost_usd', file) ?? 0,
    hedge: s.attrs.get('routesim.hedge') === true,
  };
}

function toRequest(list: readonly OtelSpan[], parent: OtelSpan | undefined, file: string): LoggedRequest {
  const first = list[0];
  const user = USER_KEYS.map((k) => str(first, k)).find((v) => v !== undefined);
  return requestFromAttempts(list.map((s) => toAttempt(s, file)), {
    model: str(first, 'gen_ai.request.model') ?? '',
    stream: first.attrs.get('gen_ai.request.stream') === true || first.attrs.get('routesim.stream') === true,
    tenant: str(first, 'routesim.tenant') ?? null,
    clientHash: user === undefined ? null : hashId(user),
    startMs: parent?.startMs,
    endMs: parent?.endMs,
  });
}
