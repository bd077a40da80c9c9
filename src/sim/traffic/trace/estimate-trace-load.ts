import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Rng } from '../../../core/ports.js';
import type { TrafficSpec } from '../../../config/scenario-schema.js';
import type { TraceSpec } from '../../../config/traffic-source-schema.js';
import type { TrafficLoad } from '../request-source.js';
import { TraceSource } from './trace-source.js';

/** Requests the estimate replays before it extrapolates (a pass shorter than this is counted exactly). */
const PROBE_REQUESTS = 20_000;

/** Sample of the trace's head used to guess bytes per row. */
const HEAD_BYTES = 64 * 1024;

/**
 * What replaying a trace up to the horizon costs, for the --max-events safety check. It
 * replays the first pass (without looping) through the real TraceSource, so startS/endS,
 * sampleFraction and timeScale count as they will in the run:
 * - a pass that ends (or reaches the horizon) within PROBE_REQUESTS is counted exactly, and
 *   a looped one is multiplied by the passes that fit the horizon (a tiny window replayed
 *   thousands of times faster is millions of passes, each re-reading the file);
 * - a longer trace: the probe's arrival rate over the horizon, bounded without loop by the
 *   rows the file holds (guessed from its size and the line length of its head).
 */
export function estimateTraceLoad(spec: TraceSpec, traffic: TrafficSpec, rng: Rng, horizonMs: number): TrafficLoad {
  const probe = new TraceSource({ ...spec, loop: false }, traffic, rng, Infinity);
  try {
    let requests = 0;
    let lastMs = 0;
    for (; requests < PROBE_REQUESTS; requests++) {
      const r = probe.next();
      if (r === undefined) break;
      if (!(r.arrivalMs < horizonMs)) return { requests, steps: probe.lines };
      lastMs = r.arrivalMs;
    }
    if (requests < PROBE_REQUESTS) {
      if (!spec.loop || probe.rowsInWindow === 0) return { requests, steps: probe.lines };
      const passes = Math.ceil(horizonMs / probe.passPeriodMs());
      return { requests: requests * passes, steps: probe.lines * passes };
    }
    const extrapolated = (requests / Math.max(lastMs, 1)) * horizonMs;
    const bounded = spec.loop ? extrapolated : Math.max(requests, Math.min(extrapolated, estimateRows(spec.path) * spec.sampleFraction));
    return { requests: bounded, steps: bounded / spec.sampleFraction };
  } finally {
    probe.close();
  }
}

/** Rows in a file, guessed from its size and the number of lines in its first 64 KiB. */
function estimateRows(path: string): number {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const n = readSync(fd, head, 0, head.length, 0);
    let lines = 0;
    for (let i = 0; i < n; i++) if (head[i] === 10) lines++;
    return lines === 0 ? 1 : Math.ceil((size / n) * lines);
  } finally {
    closeSync(fd);
  }
}
