import { CalibrationInputError } from './calibration-input-error.js';
import { columnIndex, findColumn, withCsv } from './csv-rows.js';
import { msFactor, numberOf, type LatencyInputOptions, type LatencyObservation } from './latency-observation.js';

/**
 * Latency measurements as CSV with named columns, streamed row by row. Columns are given
 * with the options or recognised by common names (coder543's llm-speed-benchmark
 * "Time To First Token" / "Response Tok/s", thefastest.ai's "TTFT" / "TPS", ttft_ms, ...).
 * A cell that is empty or not a number leaves that value out for that row.
 */
const TTFT_NAMES = ['ttft_ms', 'ttft_s', 'ttft', 'time to first token', 'time_to_first_token', 'time_to_first_token_s'];
const PER_TOKEN_NAMES = ['ms_per_output_token', 'tpot_ms', 'tpot_s', 'tpot', 'inter_token_latency_ms', 'inter_token_latency_s'];
const TOKENS_PER_S_NAMES = ['tokens_per_s', 'output_tokens_per_s', 'response tok/s', 'tps', 'tokens/s'];

export interface CsvColumnsUsed {
  readonly ttft?: string;
  readonly perToken?: string;
  readonly tokensPerS?: string;
  readonly group?: string;
}

export function readLatencyCsv(path: string, opts: LatencyInputOptions = {}): { observations: LatencyObservation[]; columns: CsvColumnsUsed } {
  return withCsv(path, (csv) => {
    const { header } = csv;
    const pick = (explicit: string | undefined, flag: string, names: readonly string[]) =>
      explicit !== undefined ? columnIndex(path, header, explicit, flag) : findColumn(path, header, names);
    const ttftIdx = pick(opts.ttftColumn, '--ttft-column', TTFT_NAMES);
    const perTokenIdx = pick(opts.perTokenColumn, '--per-token-column', opts.tokensPerSColumn !== undefined ? [] : PER_TOKEN_NAMES);
    const tpsIdx = perTokenIdx >= 0 ? -1 : pick(opts.tokensPerSColumn, '--tokens-per-s-column', TOKENS_PER_S_NAMES);
    if (ttftIdx < 0 && perTokenIdx < 0 && tpsIdx < 0) {
      throw new CalibrationInputError(path, `found no TTFT or per-token column; name them with --ttft-column and --per-token-column (or --tokens-per-s-column). Columns: ${header.join(', ')}`);
    }
    const groupBy = opts.groupBy === undefined || opts.groupBy === 'none' ? undefined : opts.groupBy;
    const groupIdx = groupBy === undefined ? -1 : columnIndex(path, header, groupBy, '--group-by');
    const ttftFactor = ttftIdx >= 0 ? msFactor(header[ttftIdx], opts.unit) : 1;
    const perTokenFactor = perTokenIdx >= 0 ? msFactor(header[perTokenIdx], opts.unit) : 1;
    const observations: LatencyObservation[] = [];
    for (const { fields } of csv.rows()) {
      const group = groupIdx >= 0 ? (fields[groupIdx] ?? '').trim() || '(blank)' : 'all';
      const ttft = ttftIdx >= 0 ? numberOf(fields[ttftIdx]) : undefined;
      let perToken: number | undefined;
      if (perTokenIdx >= 0) {
        const v = numberOf(fields[perTokenIdx]);
        perToken = v === undefined ? undefined : v * perTokenFactor;
      } else if (tpsIdx >= 0) {
        const tps = numberOf(fields[tpsIdx]);
        perToken = tps !== undefined && tps > 0 ? 1000 / tps : undefined;
      }
      observations.push({ group, ok: true, ...(ttft !== undefined ? { ttftMs: ttft * ttftFactor } : {}), ...(perToken !== undefined ? { msPerOutputToken: perToken } : {}) });
    }
    if (observations.length === 0) throw new CalibrationInputError(path, 'has a header but no data rows');
    return {
      observations,
      columns: {
        ...(ttftIdx >= 0 ? { ttft: header[ttftIdx] } : {}),
        ...(perTokenIdx >= 0 ? { perToken: header[perTokenIdx] } : {}),
        ...(tpsIdx >= 0 ? { tokensPerS: header[tpsIdx] } : {}),
        ...(groupIdx >= 0 ? { group: header[groupIdx] } : {}),
      },
    };
  });
}
