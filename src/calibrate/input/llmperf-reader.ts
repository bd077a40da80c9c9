import { readUserFile } from '../../core/user-file.js';
import { basename } from 'node:path';
import { CalibrationInputError } from './calibration-input-error.js';
import { msFactor, numberOf, type LatencyInputOptions, type LatencyObservation } from './latency-observation.js';

/**
 * Ray llmperf per-request results (`raw_data/individual/<provider>_<size>.json` in
 * ray-project/llmperf-leaderboard, Apache-2.0): a JSON list of requests with `ttft_s`,
 * `end_to_end_latency_s`, `number_output_tokens`, `inter_token_latency_s` and `error_code`
 * (null when the request succeeded). One file is one provider × model run of a few hundred
 * requests, so it is parsed whole.
 *
 * The default per-token time is (e2e − TTFT) / output tokens — the quantity the simulator
 * multiplies by the output length. llmperf's own `inter_token_latency_s` divides the whole
 * e2e (TTFT included) by the tokens; pass `--per-token-column inter_token_latency_s` to use it.
 */
const LLMPERF_GROUPINGS = ['file', 'provider', 'model', 'none'] as const;

function groupKey(path: string, groupBy: string): string {
  const stem = basename(path).replace(/\.json$/i, '');
  const cut = stem.lastIndexOf('_');
  switch (groupBy) {
    case 'provider': return cut > 0 ? stem.slice(0, cut) : stem;
    case 'model': return cut > 0 ? stem.slice(cut + 1) : stem;
    case 'none': return 'all';
    default: return stem;
  }
}

export function readLlmperfFile(path: string, opts: LatencyInputOptions = {}): LatencyObservation[] {
  const groupBy = opts.groupBy ?? 'file';
  if (!(LLMPERF_GROUPINGS as readonly string[]).includes(groupBy)) {
    throw new CalibrationInputError('', `--group-by for llmperf files must be one of ${LLMPERF_GROUPINGS.join(', ')} (got '${groupBy}')`);
  }
  const text = readUserFile(path, (detail) => new CalibrationInputError(path, detail), 'is a directory; pass the JSON files (e.g. individual/*.json)');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CalibrationInputError(path, `not valid JSON (${(e as Error).message}); use --format csv for CSV files`);
  }
  if (!Array.isArray(raw)) {
    const hint = typeof raw === 'object' && raw !== null && 'results_ttft_s_mean' in raw ? ' — this is an llmperf summary; fit the per-request file under individual/' : '';
    throw new CalibrationInputError(path, `expected a JSON list of llmperf request results${hint}`);
  }
  const ttftField = opts.ttftColumn ?? 'ttft_s';
  const ttftFactor = msFactor(ttftField, opts.unit);
  const perTokenField = opts.perTokenColumn;
  const perTokenFactor = perTokenField === undefined ? 1 : msFactor(perTokenField, opts.unit);
  const group = groupKey(path, groupBy);
  const out: LatencyObservation[] = [];
  let sawTtft = false;
  raw.forEach((r) => {
    if (typeof r !== 'object' || r === null) return;
    const row = r as Record<string, unknown>;
    if (ttftField in row) sawTtft = true;
    const code = row.error_code;
    if (code !== null && code !== undefined && code !== '') {
      out.push({ group, ok: false, errorCode: String(code) });
      return;
    }
    const ttft = numberOf(row[ttftField]);
    let perToken: number | undefined;
    if (perTokenField !== undefined) {
      const v = numberOf(row[perTokenField]);
      perToken = v === undefined ? undefined : v * perTokenFactor;
    } else {
      // The TTFT read above (from --ttft-column), in seconds like llmperf's end_to_end_latency_s.
      const e2e = numberOf(row.end_to_end_latency_s);
      const tokens = numberOf(row.number_output_tokens);
      const ttftS = ttft !== undefined && ttftFactor === 1 ? ttft / 1000 : ttft;
      if (e2e !== undefined && tokens !== undefined && tokens > 0 && ttftS !== undefined) perToken = ((e2e - ttftS) * 1000) / tokens;
    }
    out.push({ group, ok: true, ...(ttft !== undefined ? { ttftMs: ttft * ttftFactor } : {}), ...(perToken !== undefined ? { msPerOutputToken: perToken } : {}) });
  });
  if (!sawTtft && out.length > 0) {
    throw new CalibrationInputError(path, `no '${ttftField}' field in the requests (--ttft-column); fields: ${Object.keys(raw[0] as object).join(', ')}`);
  }
  return out;
}
