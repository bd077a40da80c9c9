import { groupBy } from '../../core/group-by.js';
import { isPlainObject } from '../../core/is-plain-object.js';
import { parseDateTimeMs } from '../../sim/traffic/trace/datetime.js';
import { columnIndex, withCsv } from '../input/csv-rows.js';
import { hashId } from './hash-id.js';
import { jsonLines } from './json-lines.js';
import { LogFormatError } from './log-format-error.js';
import { outcomeFromError, requestFromAttempts, type LoggedAttempt, type LoggedRequest, type newReadNotes } from './logged-request.js';

/**
 * Any CSV or JSONL request log through a column mapping (`--columns key=Column,...`): one row
 * is one attempt; rows with the same `request` value are one request (without it, each row is
 * one). Times as `startMs` / `startS` (numbers) or `start` (datetime text); durations as
 * `latencyMs` / `latencyS` and `ttftMs` / `ttftS`. The outcome comes from `status` (HTTP code)
 * and `error` (text; empty means success). Columns not named are never read.
 */
export const COLUMN_KEYS = ['request', 'startMs', 'startS', 'start', 'deployment', 'provider', 'inputTokens', 'outputTokens', 'latencyMs', 'latencyS', 'ttftMs', 'ttftS', 'status', 'error', 'costUsd', 'tenant', 'client'] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];
export type ColumnMap = Partial<Record<ColumnKey, string>>;

/** Parses `startS=ts,deployment=model,...`; refuses unknown keys and missing required ones. */
export function parseColumnMap(text: string): ColumnMap {
  const map: ColumnMap = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    if (eq <= 0 || !(COLUMN_KEYS as readonly string[]).includes(key)) throw new LogFormatError('--columns', undefined, `'${part}': expected key=Column with key one of ${COLUMN_KEYS.join(', ')}`);
    map[key as ColumnKey] = part.slice(eq + 1).trim();
  }
  const one = (keys: readonly ColumnKey[], what: string) => {
    const n = keys.filter((k) => map[k] !== undefined).length;
    if (n !== 1) throw new LogFormatError('--columns', undefined, `name exactly one of ${keys.join(', ')} (${what})`);
  };
  one(['startMs', 'startS', 'start'], 'when each attempt started');
  one(['latencyMs', 'latencyS'], 'how long it took');
  for (const k of ['deployment', 'inputTokens', 'outputTokens'] as const) if (map[k] === undefined) throw new LogFormatError('--columns', undefined, `${k}=Column is required`);
  return map;
}

interface Row { readonly get: (k: ColumnKey) => unknown; readonly line: number }

function num(r: Row, k: ColumnKey, file: string): number | undefined {
  const v = r.get(k);
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n < 0) throw new LogFormatError(file, r.line, `${k}: expected a number >= 0, got ${JSON.stringify(v)}`);
  return n;
}

function required(r: Row, k: ColumnKey, file: string): number {
  const n = num(r, k, file);
  if (n === undefined) throw new LogFormatError(file, r.line, `${k}: missing`);
  return n;
}

const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));

function toAttempt(r: Row, file: string): { key: string; attempt: LoggedAttempt; tenant: string | null; client: string | null } {
  let startMs: number;
  if (r.get('start') !== undefined) {
    startMs = parseDateTimeMs(String(r.get('start')));
    if (Number.isNaN(startMs)) throw new LogFormatError(file, r.line, `start: not a datetime (YYYY-MM-DD HH:MM:SS[.fff][Z|±hh:mm]): ${JSON.stringify(r.get('start'))}`);
  } else startMs = r.get('startMs') !== undefined ? required(r, 'startMs', file) : required(r, 'startS', file) * 1000;
  const latencyMs = r.get('latencyMs') !== undefined ? required(r, 'latencyMs', file) : required(r, 'latencyS', file) * 1000;
  const ttft = num(r, 'ttftMs', file) ?? ((num(r, 'ttftS', file) ?? NaN) * 1000);
  const deployment = str(r.get('deployment'));
  if (deployment === undefined) throw new LogFormatError(file, r.line, 'deployment: missing');
  const status = num(r, 'status', file) ?? null;
  const error = str(r.get('error'));
  const outcome = error === undefined && (status === null || status < 400) ? 'success' : outcomeFromError(error ?? 'error', status);
  const provider = str(r.get('provider')) ?? (deployment.includes('/') ? deployment.slice(0, deployment.indexOf('/')) : deployment);
  const client = str(r.get('client'));
  return {
    key: str(r.get('request')) ?? `#${r.line}`,
    tenant: str(r.get('tenant')) ?? null,
    client: client === undefined ? null : hashId(client),
    attempt: {
      deployment, provider, startMs, ttftMs: Number.isFinite(ttft) ? ttft : null, latencyMs, outcome, statusCode: status, retryAfterMs: null,
      inputTokens: required(r, 'inputTokens', file), outputTokens: outcome === 'success' ? required(r, 'outputTokens', file) : 0,
      costUsd: num(r, 'costUsd', file) ?? 0, hedge: false,
    },
  };
}

export function readColumnLog(file: string, format: 'csv' | 'jsonl', map: ColumnMap, notes: ReturnType<typeof newReadNotes>): LoggedRequest[] {
  const rows: ReturnType<typeof toAttempt>[] = [];
  const keys = Object.keys(map) as ColumnKey[];
  if (format === 'csv') {
    withCsv(file, (csv) => {
      const at = new Map(keys.map((k) => [k, columnIndex(file, csv.header, map[k]!, `--columns ${k}`)]));
      for (const { fields, line } of csv.rows()) {
        notes.lines++;
        rows.push(toAttempt({ get: (k) => (at.has(k) ? fields[at.get(k)!] : undefined), line }, file));
      }
    });
  } else {
    for (const { value, line } of jsonLines(file, () => notes.skipped++)) {
      notes.lines++;
      if (!isPlainObject(value)) throw new LogFormatError(file, line, 'expected a JSON object');
      rows.push(toAttempt({ get: (k) => (map[k] === undefined ? undefined : value[map[k]!]), line }, file));
    }
  }
  const out: LoggedRequest[] = [];
  for (const list of groupBy(rows, (r) => r.key).values()) {
    list.sort((a, b) => a.attempt.startMs - b.attempt.startMs);
    const attempts = list.map((r) => r.attempt);
    out.push(requestFromAttempts(attempts, { model: attempts[0].deployment, stream: false, tenant: list[0].tenant, clientHash: list[0].client }));
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}
