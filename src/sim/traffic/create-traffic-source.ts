import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Rng } from '../../core/ports.js';
import type { Scenario } from '../../config/scenario-schema.js';
import { createArrivalProcess } from './arrival-process.js';
import type { RequestSource } from './request-source.js';
import { ServegenSource, servegenMeanRatePerS } from './servegen/servegen-source.js';
import { SyntheticSource } from './synthetic-source.js';
import { TraceSource } from './trace/trace-source.js';

/**
 * The scenario's traffic: `traffic.trace` replays a file, `traffic.servegen` generates from
 * ServeGen statistics, `traffic.arrivals` synthesizes (the schema admits exactly one).
 */
export function createTrafficSource(scenario: Scenario, rng: Rng, horizonMs: number): RequestSource {
  const t = scenario.traffic;
  if (t.trace !== undefined) return new TraceSource(t.trace, t, rng, horizonMs);
  if (t.servegen !== undefined) return new ServegenSource(t.servegen, t, rng, horizonMs);
  return new SyntheticSource(t, rng, horizonMs);
}

/** Sample of the trace's head used to guess bytes per row. */
const HEAD_BYTES = 64 * 1024;

/**
 * Mean arrival rate (req/s) the scenario's traffic is expected to produce, for the
 * --max-events safety check. For a trace: rows guessed from the file size and the line
 * length of its first 64 KiB, spread over the horizon (a looped trace counts once).
 */
export function estimateTrafficRatePerS(scenario: Scenario, rng: Rng): number {
  const horizonMs = scenario.durationS * 1000;
  const t = scenario.traffic;
  if (t.servegen !== undefined) return servegenMeanRatePerS(t.servegen, horizonMs, rng);
  if (t.trace !== undefined) return (estimateRows(t.trace.path) * t.trace.sampleFraction) / scenario.durationS;
  return createArrivalProcess(t.arrivals!, rng).meanRatePerS(horizonMs);
}

function estimateRows(path: string): number {
  try {
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
  } catch {
    return 0; // the run itself reports an unreadable trace
  }
}
