/** One measured request, reduced to what the latency model needs (milliseconds). */
export interface LatencyObservation {
  readonly group: string;
  readonly ok: boolean;
  /** Error code or class of a failed request ("429", "-100"). */
  readonly errorCode?: string;
  readonly ttftMs?: number;
  /** Time per output token after the first token: (e2e − TTFT) / output tokens, as the simulator composes it. */
  readonly msPerOutputToken?: number;
}

export type LatencyFormat = 'llmperf' | 'csv';

export interface LatencyInputOptions {
  readonly format?: LatencyFormat;
  /** Column (CSV) or field (llmperf) holding TTFT. */
  readonly ttftColumn?: string;
  /** Column/field holding the time per output token. */
  readonly perTokenColumn?: string;
  /** Column holding output tokens per second (converted to 1000 / value ms per token). */
  readonly tokensPerSColumn?: string;
  /** Unit of the time columns; default: from a _ms / _s suffix, else seconds. */
  readonly unit?: 's' | 'ms';
  /** llmperf: file | provider | model | none; CSV: a column name or none. */
  readonly groupBy?: string;
}

/** Seconds or milliseconds → milliseconds, from an explicit unit or the column name's suffix. */
export function msFactor(column: string, unit: 's' | 'ms' | undefined): number {
  if (unit !== undefined) return unit === 'ms' ? 1 : 1000;
  return /(_|\b)ms$/i.test(column.trim()) ? 1 : 1000;
}

/** A finite number from a CSV cell or JSON value, else undefined. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const x = Number(v);
  return Number.isFinite(x) ? x : undefined;
}
