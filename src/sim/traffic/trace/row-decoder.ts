import type { TraceColumns, TraceSpec } from '../../../config/traffic-source-schema.js';
import type { QualityTier } from '../../../routing/types.js';
import { CsvLineError, splitCsvLine } from '../../../core/csv-line.js';
import { isPlainObject } from '../../../core/is-plain-object.js';
import { parseDateTimeMs } from './datetime.js';
import { RowProblem } from './trace-errors.js';

/** One trace row, decoded. Optional fields are undefined when the trace lacks them. */
export interface TraceRow {
  /** Absolute time in the trace's own clock, ms (only differences matter). */
  timestampMs: number;
  inputTokens: number;
  outputTokens: number;
  hashIds: number[] | undefined;
  clientId: string | undefined;
  sessionId: string | undefined;
  tier: QualityTier | undefined;
  tenant: string | undefined;
  category: string | undefined;
  stream: boolean | undefined;
}

/** Column names of the two built-in formats (their published schemas). */
export const FORMAT_COLUMNS: Readonly<Record<'azure' | 'mooncake', TraceColumns>> = {
  azure: { timestamp: 'TIMESTAMP', inputTokens: 'ContextTokens', outputTokens: 'GeneratedTokens' },
  mooncake: { timestampMs: 'timestamp', inputTokens: 'input_length', outputTokens: 'output_length', hashIds: 'hash_ids' },
};

export function columnsFor(spec: Pick<TraceSpec, 'format' | 'columns'>): TraceColumns {
  if (spec.columns !== undefined) return spec.columns;
  if (spec.format === 'azure' || spec.format === 'mooncake') return FORMAT_COLUMNS[spec.format];
  throw new RowProblem(`format '${spec.format}' needs traffic.trace.columns`);
}

export function isCsvFormat(format: TraceSpec['format']): boolean {
  return format === 'azure' || format === 'csv';
}

type Field = keyof TraceColumns;
const TIERS = new Set(['low', 'medium', 'high']);

function tokenCount(v: unknown, name: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0) throw new RowProblem(`${name} must be a whole number >= 0, got ${show(v)}`);
  return n;
}

function timestampMs(v: unknown, cols: TraceColumns): number {
  if (cols.timestamp !== undefined) {
    if (typeof v !== 'string') throw new RowProblem(`${cols.timestamp} must be a datetime text (use timestampMs or timestampS for numbers), got ${show(v)}`);
    const ms = parseDateTimeMs(v);
    if (Number.isNaN(ms)) throw new RowProblem(`${cols.timestamp} is not a datetime (YYYY-MM-DD HH:MM:SS[.fff][Z|±hh:mm]): ${show(v)}`);
    return ms;
  }
  const name = (cols.timestampMs ?? cols.timestampS)!;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new RowProblem(`${name} must be a finite number, got ${show(v)}`);
  return cols.timestampMs !== undefined ? n : n * 1000;
}

function hashIds(v: unknown, name: string): number[] {
  let items: unknown[];
  if (Array.isArray(v)) items = v;
  else if (typeof v === 'string') {
    const t = v.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
    items = t === '' ? [] : t.split(/[\s,;|]+/);
  } else throw new RowProblem(`${name} must be a list of integers, got ${show(v)}`);
  const out = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    const n = typeof x === 'number' ? x : typeof x === 'string' && x !== '' ? Number(x) : NaN;
    if (!Number.isSafeInteger(n) || n < 0) throw new RowProblem(`${name}[${i}] must be a whole number >= 0, got ${show(x)}`);
    out[i] = n;
  }
  return out;
}

function text(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new RowProblem(`${name} must be a text or number, got ${show(v)}`);
}

function flag(v: unknown, name: string): boolean | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (v === true || v === 1) return true;
  if (v === false || v === 0) return false;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true' || t === '1') return true;
    if (t === 'false' || t === '0') return false;
  }
  throw new RowProblem(`${name} must be true/false or 1/0, got ${show(v)}`);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Turns lines into rows for one file. CSV formats read the header on the first non-blank
 * line (`header()`), JSONL rows are objects keyed by the column names. Throws RowProblem
 * for a bad row; the source adds file:line and decides between failing and skipping.
 */
export class RowDecoder {
  private readonly cols: TraceColumns;
  private readonly csv: boolean;
  private index: Partial<Record<Field, number>> = {};
  private width = 0;

  constructor(spec: Pick<TraceSpec, 'format' | 'columns'>) {
    this.cols = columnsFor(spec);
    this.csv = isCsvFormat(spec.format);
  }

  get needsHeader(): boolean {
    return this.csv;
  }

  /** Reads the CSV header; a missing column is a file-level problem (thrown as RowProblem). */
  header(line: string): void {
    const names = csvFields(line).map((n) => n.trim());
    this.width = names.length;
    const missing: string[] = [];
    for (const [field, name] of Object.entries(this.cols) as [Field, string | undefined][]) {
      if (name === undefined) continue;
      const i = names.indexOf(name);
      if (i < 0) missing.push(name);
      else this.index[field] = i;
    }
    if (missing.length > 0) throw new RowProblem(`header lacks column(s) ${missing.join(', ')} (header: ${names.join(',')})`);
  }

  decode(line: string): TraceRow {
    if (this.csv) {
      const f = csvFields(line);
      if (f.length !== this.width) throw new RowProblem(`expected ${this.width} fields, got ${f.length}`);
      return this.build((field) => {
        const i = this.index[field];
        return i === undefined ? undefined : f[i];
      });
    }
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      throw new RowProblem(`not valid JSON (${(e as Error).message})`);
    }
    if (!isPlainObject(obj)) throw new RowProblem('a JSONL row must be an object');
    const o = obj;
    return this.build((field) => {
      const name = this.cols[field];
      return name === undefined ? undefined : o[name];
    });
  }

  private build(get: (field: Field) => unknown): TraceRow {
    const c = this.cols;
    const tsField: Field = c.timestamp !== undefined ? 'timestamp' : c.timestampMs !== undefined ? 'timestampMs' : 'timestampS';
    const tsValue = get(tsField);
    if (tsValue === undefined) throw new RowProblem(`missing ${c[tsField]}`);
    const tier = text(get('tier'), c.tier ?? 'tier');
    if (tier !== undefined && !TIERS.has(tier)) throw new RowProblem(`${c.tier} must be low, medium or high, got '${tier}'`);
    const hashes = get('hashIds');
    return {
      timestampMs: timestampMs(tsValue, c),
      inputTokens: tokenCount(get('inputTokens'), c.inputTokens),
      outputTokens: tokenCount(get('outputTokens'), c.outputTokens),
      hashIds: hashes === undefined || hashes === null || hashes === '' ? undefined : hashIds(hashes, c.hashIds!),
      clientId: text(get('clientId'), c.clientId ?? 'clientId'),
      sessionId: text(get('sessionId'), c.sessionId ?? 'sessionId'),
      tier: tier as QualityTier | undefined,
      tenant: text(get('tenant'), c.tenant ?? 'tenant'),
      category: text(get('category'), c.category ?? 'category'),
      stream: flag(get('stream'), c.stream ?? 'stream'),
    };
  }
}

/** The line's CSV fields; malformed quoting is a problem of this row. */
function csvFields(line: string): string[] {
  try {
    return splitCsvLine(line);
  } catch (e) {
    throw e instanceof CsvLineError ? new RowProblem(e.message) : e;
  }
}
