import { extname } from 'node:path';
import { groupBy } from '../core/group-by.js';
import { MIN_FIT_SAMPLES, fitSample, type FitOptions, type SampleFit } from './fit-candidates.js';
import { readLatencyCsv } from './input/latency-csv-reader.js';
import type { LatencyInputOptions, LatencyObservation } from './input/latency-observation.js';
import { readLlmperfFile } from './input/llmperf-reader.js';
import { appendAll } from '../core/bulk-array.js';

/**
 * `routesim fit latency`: per group (provider, file, CSV column value), fit TTFT and time per
 * output token of the successful requests, and count the failed ones by error code.
 */
export interface LatencyGroupFit {
  readonly group: string;
  readonly requests: number;
  readonly succeeded: number;
  /** Failed requests by error code. */
  readonly errors: Readonly<Record<string, number>>;
  readonly ttftMs?: SampleFit;
  readonly msPerOutputToken?: SampleFit;
  /** Successful requests whose value was missing or not > 0, left out of the fit. */
  readonly unusable: { readonly ttftMs: number; readonly msPerOutputToken: number };
  /** The fitted values themselves (for Q–Q charts); not part of the JSON output. */
  readonly samples: { readonly ttftMs: readonly number[]; readonly msPerOutputToken: readonly number[] };
}

export interface LatencyInputs {
  readonly observations: LatencyObservation[];
  /** What was read from where (columns recognised, formats), for the user. */
  readonly notes: string[];
}

export function readLatencyInputs(files: readonly string[], opts: LatencyInputOptions = {}): LatencyInputs {
  const observations: LatencyObservation[] = [];
  const notes: string[] = [];
  for (const file of files) {
    const format = opts.format ?? (extname(file).toLowerCase() === '.json' ? 'llmperf' : 'csv');
    if (format === 'llmperf') {
      appendAll(observations, readLlmperfFile(file, opts));
    } else {
      const r = readLatencyCsv(file, opts);
      appendAll(observations, r.observations);
      const used = Object.entries(r.columns).map(([k, v]) => `${k}='${v}'`).join(', ');
      notes.push(`${file}: csv, columns ${used}`);
    }
  }
  return { observations, notes };
}

export function fitLatencyGroups(observations: readonly LatencyObservation[], opts: FitOptions = {}): LatencyGroupFit[] {
  return [...groupBy(observations, (o) => o.group)].map(([group, list]) => {
    const ok = list.filter((o) => o.ok);
    const errors: Record<string, number> = {};
    for (const o of list) if (!o.ok) errors[o.errorCode ?? 'error'] = (errors[o.errorCode ?? 'error'] ?? 0) + 1;
    const usable = (pick: (o: LatencyObservation) => number | undefined) =>
      ok.map(pick).filter((x): x is number => x !== undefined && x > 0 && Number.isFinite(x));
    const ttft = usable((o) => o.ttftMs);
    const perToken = usable((o) => o.msPerOutputToken);
    return {
      group,
      requests: list.length,
      succeeded: ok.length,
      errors,
      ...(ttft.length >= MIN_FIT_SAMPLES ? { ttftMs: fitSample(ttft, opts) } : {}),
      ...(perToken.length >= MIN_FIT_SAMPLES ? { msPerOutputToken: fitSample(perToken, opts) } : {}),
      unusable: { ttftMs: ok.length - ttft.length, msPerOutputToken: ok.length - perToken.length },
      samples: { ttftMs: ttft, msPerOutputToken: perToken },
    };
  });
}
