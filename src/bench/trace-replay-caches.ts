import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../config/scenario-schema.js';
import { loadScenarioFile } from '../config/load-scenario.js';
import { runScenario } from '../sim/run-scenario.js';

export interface TraceReplayTimes {
  /** Trace rows one run replays. */
  readonly rows: number;
  /** Fastest of the repetitions, wall and CPU (user + system) seconds, caches on and off. */
  readonly on: { readonly wallS: number; readonly cpuS: number };
  readonly off: { readonly wallS: number; readonly cpuS: number };
}

/**
 * scenarios/trace-replay.yaml (the Mooncake conversation trace, three providers with KV prefix
 * caches, prefix-affinity routing) looped for `durationS`, with the caches on and off,
 * alternating: the only difference between the two runs is the prefix-cache work (and what its
 * hits change). CPU time beside wall time because this figure is mostly cache misses, which
 * other processes on a shared machine inflate. Undefined when the trace file is not there.
 */
export function measureTraceReplay(durationS: number, repetitions: number): TraceReplayTimes | undefined {
  const base = loadScenarioFile(fileURLToPath(new URL('../../scenarios/trace-replay.yaml', import.meta.url)));
  const trace = base.traffic.trace;
  if (trace === undefined || !existsSync(trace.path)) return undefined;
  const withCaches = (enabled: boolean, seconds: number): Scenario => ({
    ...base,
    durationS: seconds,
    traffic: { ...base.traffic, trace: { ...trace, loop: true } },
    providers: base.providers.map((p) => (p.prefixCache === undefined ? p : { ...p, prefixCache: { ...p.prefixCache, enabled } })),
  });
  runScenario(withCaches(true, 3600)); // warm-up
  let rows = 0;
  const on = { wallS: Infinity, cpuS: Infinity }, off = { wallS: Infinity, cpuS: Infinity };
  for (let rep = 0; rep < repetitions; rep++) {
    for (const [enabled, best] of [[true, on], [false, off]] as const) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      rows = runScenario(withCaches(enabled, durationS)).trace?.requests ?? 0;
      const wallS = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      best.wallS = Math.min(best.wallS, wallS);
      best.cpuS = Math.min(best.cpuS, (cpu.user + cpu.system) / 1e6);
    }
  }
  return { rows, on, off };
}
