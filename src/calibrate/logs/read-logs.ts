import { LineReader } from '../../core/line-reader.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import { LogFormatError } from './log-format-error.js';
import { newReadNotes, type LoggedRequest } from './logged-request.js';
import { readColumnLog, type ColumnMap } from './column-log-reader.js';
import { readLitellmLog } from './litellm-log-reader.js';
import { readLlmperfLog } from './llmperf-log-reader.js';
import { readOtelLog } from './otel-log-reader.js';
import { readRoutesimLog } from './routesim-log-reader.js';

/**
 * Reads request logs of any supported format into logged requests, in arrival order.
 * `auto` takes a .json file for llmperf results and otherwise looks at the first non-blank line: a `schema` of routesim.request-log/1 is routesim's
 * own log; `resourceSpans` or `startTimeUnixNano` is OpenTelemetry (OTLP JSON); a
 * `standard_logging_object`, or `startTime` with `api_base` / `model_group` / `spend` /
 * `response_cost`, is LiteLLM.
 */
export const LOG_FORMATS = ['auto', 'routesim', 'otel', 'litellm', 'llmperf', 'csv', 'jsonl'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface ReadLogsResult {
  readonly requests: LoggedRequest[];
  readonly perFile: readonly { file: string; format: Exclude<LogFormat, 'auto'>; lines: number; requests: number; skipped: number }[];
  /** Input fields deliberately not carried into the scenario (privacy). */
  readonly dropped: readonly string[];
  /** False when a file has no real arrival times (llmperf): no rate limits or outage windows then. */
  readonly timed: boolean;
}

export function detectFormat(file: string): Exclude<LogFormat, 'auto'> {
  if (/\.json$/i.test(file)) return 'llmperf';
  const reader = new LineReader(file, (detail) => new LogFormatError(file, undefined, detail));
  try {
    for (let text = reader.next(); text !== undefined; text = reader.next()) {
      if (text.trim() === '') continue;
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        throw new LogFormatError(file, reader.line, 'unknown log format: the first line is not JSON (give --format; routesim and otel logs are JSONL)');
      }
      if (isPlainObject(v) && v.schema === 'routesim.request-log/1') return 'routesim';
      if (isPlainObject(v) && (Array.isArray(v.resourceSpans) || 'startTimeUnixNano' in v)) return 'otel';
      if (isPlainObject(v) && ('standard_logging_object' in v || ('startTime' in v && ['api_base', 'model_group', 'spend', 'response_cost'].some((k) => k in v)))) return 'litellm';
      throw new LogFormatError(file, reader.line, "unknown log format: neither a routesim request log line (schema: routesim.request-log/1) nor OTLP JSON spans (resourceSpans / startTimeUnixNano) nor a LiteLLM logging payload / spend-log row (startTime, api_base, ...); give --format");
    }
    throw new LogFormatError(file, undefined, 'the log is empty');
  } finally {
    reader.close();
  }
}

/** `columns`: the mapping csv / jsonl logs are read through (required for those two). */
export function readLogs(files: readonly string[], format: LogFormat = 'auto', columns?: ColumnMap): ReadLogsResult {
  const requests: LoggedRequest[] = [];
  const perFile: { file: string; format: Exclude<LogFormat, 'auto'>; lines: number; requests: number; skipped: number }[] = [];
  const dropped = new Set<string>();
  // llmperf files follow one another in time (they have no clock of their own).
  let llmperfEndMs = 0;
  for (const file of files) {
    const f = format === 'auto' ? detectFormat(file) : format;
    const notes = newReadNotes();
    const before = requests.length;
    if (f === 'routesim') for (const r of readRoutesimLog(file, notes)) requests.push(r);
    else if (f === 'otel') for (const r of readOtelLog(file, notes)) requests.push(r);
    else if (f === 'litellm') for (const r of readLitellmLog(file, notes)) requests.push(r);
    else if (f === 'csv' || f === 'jsonl') {
      if (columns === undefined) throw new LogFormatError(file, undefined, `--format ${f} needs --columns (e.g. startS=ts,deployment=model,inputTokens=in,outputTokens=out,latencyMs=ms)`);
      for (const r of readColumnLog(file, f, columns, notes)) requests.push(r);
    }
    else {
      for (const r of readLlmperfLog(file, notes, llmperfEndMs)) requests.push(r);
      for (let i = before; i < requests.length; i++) llmperfEndMs = Math.max(llmperfEndMs, requests[i].startMs + requests[i].latencyMs);
    }
    for (const d of notes.dropped) dropped.add(d);
    perFile.push({ file, format: f, lines: notes.lines, requests: requests.length - before, skipped: notes.skipped });
  }
  requests.sort((a, b) => a.startMs - b.startMs);
  return { requests, perFile, dropped: [...dropped].sort(), timed: perFile.every((f) => f.format !== 'llmperf') };
}
