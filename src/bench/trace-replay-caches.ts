import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../config/scenario-schema.js';
import { loadScenarioFile } from '../config/load-scenario.js';
import { runScenario } from '../sim/run-scenario.js';

/**
 * scenarios/trace-replay.yaml (the Mooncake conversation trace, three providers with KV prefix
 * caches, prefix-affinity routing) looped for `durationS`, with the caches on or off: the only
 * difference between the two runs is the prefix-cache work (and what its hits change).
 * Undefined when the trace file is not beside the repository.
 */
export function traceReplayScenarios(durationS: number): { cachesOn: Scenario; cachesOff: Scenario; file: string } | undefined {
  const base = loadScenarioFile(fileURLToPath(new URL('../../scenarios/trace-replay.yaml', import.meta.url)));
  const trace = base.traffic.trace;
  if (trace === undefined || !existsSync(trace.path)) return undefined;
  const withCaches = (enabled: boolean): Scenario => ({
    ...base,
    durationS,
    replications: 1,
    traffic: { ...base.traffic, trace: { ...trace, loop: true } },
    providers: base.providers.map((p) => (p.prefixCache === undefined ? p : { ...p, prefixCache: { ...p.prefixCache, enabled } })),
  });
  return { cachesOn: withCaches(true), cachesOff: withCaches(false), file: trace.path };
}

/** Trace rows one run replayed (the figure is rows per second, as the issue measured it). */
export function replayRows(scenario: Scenario): number {
  return runScenario(scenario).trace?.requests ?? 0;
}
