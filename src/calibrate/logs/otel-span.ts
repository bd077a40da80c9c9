import { isPlainObject } from '../../core/is-plain-object.js';
import { LogFormatError } from './log-format-error.js';

/**
 * One OpenTelemetry span as calibration needs it, from OTLP JSON (attributes as a
 * `[{key, value: {stringValue | intValue | doubleValue | boolValue}}]` list, times as
 * nanosecond strings) or from a flat span object (attributes as a plain object).
 */
export interface OtelSpan {
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly attrs: ReadonlyMap<string, string | number | boolean>;
  /** Event name → time, epoch ms. */
  readonly events: ReadonlyMap<string, number>;
  readonly line: number;
}

/** The spans of one JSONL line: an OTLP export ({resourceSpans}), a list of spans or one span. */
export function spansOfLine(value: unknown, file: string, line: number): OtelSpan[] {
  if (isPlainObject(value) && Array.isArray(value.resourceSpans)) {
    const out: OtelSpan[] = [];
    for (const rs of value.resourceSpans as unknown[]) {
      const scopes = isPlainObject(rs) && Array.isArray(rs.scopeSpans) ? (rs.scopeSpans as unknown[]) : [];
      for (const ss of scopes) {
        const spans = isPlainObject(ss) && Array.isArray(ss.spans) ? (ss.spans as unknown[]) : [];
        for (const s of spans) out.push(toSpan(s, file, line));
      }
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((s) => toSpan(s, file, line));
  return [toSpan(value, file, line)];
}

function nanosToMs(v: unknown, field: string, file: string, line: number): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'number' ? v : NaN;
  if (!Number.isFinite(n) || n < 0) throw new LogFormatError(file, line, `${field}: expected epoch nanoseconds (a number or a digit string), got ${JSON.stringify(v)}`);
  return n / 1e6;
}

function attrValue(v: unknown): string | number | boolean | undefined {
  if (!isPlainObject(v)) return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (typeof v.doubleValue === 'number') return v.doubleValue;
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  return undefined;
}

function attributes(raw: unknown): Map<string, string | number | boolean> {
  const m = new Map<string, string | number | boolean>();
  if (Array.isArray(raw)) {
    for (const a of raw) {
      if (!isPlainObject(a) || typeof a.key !== 'string') continue;
      const v = attrValue(a.value);
      if (v !== undefined) m.set(a.key, v);
    }
  } else if (isPlainObject(raw)) {
    for (const [k, v] of Object.entries(raw)) {
      const x = attrValue(v);
      if (x !== undefined) m.set(k, x);
    }
  }
  return m;
}

function toSpan(s: unknown, file: string, line: number): OtelSpan {
  if (!isPlainObject(s)) throw new LogFormatError(file, line, 'expected an OTLP span object or an export with resourceSpans');
  const startMs = nanosToMs(s.startTimeUnixNano, 'startTimeUnixNano', file, line);
  const endMs = nanosToMs(s.endTimeUnixNano, 'endTimeUnixNano', file, line);
  if (endMs < startMs) throw new LogFormatError(file, line, 'endTimeUnixNano: before startTimeUnixNano');
  const events = new Map<string, number>();
  if (Array.isArray(s.events)) {
    for (const e of s.events) if (isPlainObject(e) && typeof e.name === 'string') events.set(e.name, nanosToMs(e.timeUnixNano, `events.${e.name}.timeUnixNano`, file, line));
  }
  return {
    spanId: typeof s.spanId === 'string' ? s.spanId : '',
    parentSpanId: typeof s.parentSpanId === 'string' ? s.parentSpanId : '',
    startMs,
    endMs,
    attrs: attributes(s.attributes),
    events,
    line,
  };
}
