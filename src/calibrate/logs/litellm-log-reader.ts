import { groupBy } from '../../core/group-by.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import { hostOf } from '../../import/litellm/config-secrets.js';
import { sanitizeId } from '../../import/litellm/litellm-deployments.js';
import { parseDateTimeMs } from '../../sim/traffic/trace/datetime.js';
import { hashId } from './hash-id.js';
import { jsonLines } from './json-lines.js';
import { LogFormatError } from './log-format-error.js';
import { outcomeFromError, requestFromAttempts, type LoggedAttempt, type LoggedRequest, type newReadNotes } from './logged-request.js';

/**
 * LiteLLM logs as JSONL: its StandardLoggingPayload (what callbacks receive as
 * `standard_logging_object`, also accepted wrapped in that key; times as epoch seconds) or rows
 * of the LiteLLM_SpendLogs export (times as datetime text, `spend` for the cost). One line is
 * one LLM call, i.e. one attempt; calls sharing a `trace_id` (else `request_id` / `id`) are one
 * client request. Provider: the host of `api_base` (two regions of one vendor are two
 * providers to a router), else `custom_llm_provider`. TTFT is `completionStartTime − startTime`
 * when the first chunk came before the end (LiteLLM sets both equal for unstreamed calls).
 * Messages, responses, keys, user ids and error text are never kept; key hashes and end users
 * are hashed again.
 */
const DROPPED = ['messages', 'response', 'error_str', 'api_key', 'user', 'end_user', 'requester_ip_address', 'model_parameters', 'hidden_params', 'proxy_server_request'];

function timeMs(v: unknown, field: string, file: string, line: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v * 1000;
  if (typeof v === 'string') {
    const n = Number(v);
    if (v.trim() !== '' && Number.isFinite(n)) return n * 1000;
    const ms = parseDateTimeMs(v);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new LogFormatError(file, line, `${field}: expected epoch seconds or a datetime (YYYY-MM-DD HH:MM:SS[.fff][Z|±hh:mm]), got ${JSON.stringify(v)}`);
}

function count(v: unknown, field: string, file: string, line: number): number {
  if (v === undefined || v === null) return 0;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new LogFormatError(file, line, `${field}: expected a number >= 0, got ${JSON.stringify(v)}`);
  return n;
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

interface Call { readonly key: string; readonly attempt: LoggedAttempt; readonly model: string; readonly stream: boolean; readonly tenant: string | null; readonly client: string | null }

function toCall(raw: unknown, file: string, line: number, notes: ReturnType<typeof newReadNotes>): Call {
  const o = isPlainObject(raw) && isPlainObject(raw.standard_logging_object) ? raw.standard_logging_object : raw;
  if (!isPlainObject(o)) throw new LogFormatError(file, line, 'expected a LiteLLM StandardLoggingPayload or spend-log object');
  for (const k of DROPPED) if (o[k] !== undefined && o[k] !== null && o[k] !== '') notes.dropped.add(k);
  if (o.startTime === undefined) throw new LogFormatError(file, line, 'startTime: missing (a LiteLLM StandardLoggingPayload or spend-log row needs startTime and endTime)');
  const startMs = timeMs(o.startTime, 'startTime', file, line);
  const endMs = timeMs(o.endTime, 'endTime', file, line);
  if (endMs < startMs) throw new LogFormatError(file, line, 'endTime: before startTime');
  const firstMs = o.completionStartTime === undefined || o.completionStartTime === null ? undefined : timeMs(o.completionStartTime, 'completionStartTime', file, line);
  const model = text(o.model) ?? text(o.model_group) ?? 'model';
  const provider = sanitizeId(hostOf(o.api_base) ?? text(o.custom_llm_provider) ?? 'unknown');
  const err = isPlainObject(o.error_information) ? o.error_information : {};
  const ok = o.status === undefined ? err.error_code === undefined : o.status === 'success';
  const code = Number(err.error_code);
  const meta = isPlainObject(o.metadata) ? o.metadata : {};
  const client = text(meta.user_api_key_hash) ?? text(o.api_key) ?? text(o.end_user) ?? text(o.user);
  return {
    key: text(o.trace_id) ?? text(o.request_id) ?? text(o.id) ?? `#${line}`,
    model: text(o.model_group) ?? model,
    stream: o.stream === true,
    tenant: text(meta.user_api_key_team_alias) ?? text(meta.user_api_key_team_id) ?? text(o.team_id) ?? null,
    client: client === undefined ? null : hashId(client),
    attempt: {
      deployment: `${provider}/${sanitizeId(model)}`,
      provider,
      startMs,
      ttftMs: firstMs !== undefined && firstMs > startMs && firstMs < endMs ? firstMs - startMs : null,
      latencyMs: endMs - startMs,
      outcome: ok ? 'success' : outcomeFromError(text(err.error_class) ?? 'error', Number.isFinite(code) ? code : null),
      statusCode: Number.isInteger(code) && code >= 100 && code <= 599 ? code : ok ? 200 : null,
      retryAfterMs: null,
      inputTokens: count(o.prompt_tokens, 'prompt_tokens', file, line),
      outputTokens: ok ? count(o.completion_tokens, 'completion_tokens', file, line) : 0,
      costUsd: count(o.response_cost ?? o.spend, o.response_cost !== undefined ? 'response_cost' : 'spend', file, line),
      hedge: false,
    },
  };
}

export function readLitellmLog(file: string, notes: ReturnType<typeof newReadNotes>): LoggedRequest[] {
  const calls: Call[] = [];
  for (const { value, line } of jsonLines(file, () => notes.skipped++)) {
    notes.lines++;
    calls.push(toCall(value, file, line, notes));
  }
  const out: LoggedRequest[] = [];
  for (const list of groupBy(calls, (c) => c.key).values()) {
    list.sort((a, b) => a.attempt.startMs - b.attempt.startMs);
    const first = list[0];
    out.push(requestFromAttempts(list.map((c) => c.attempt), { model: first.model, stream: first.stream, tenant: first.tenant, clientHash: first.client }));
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}
