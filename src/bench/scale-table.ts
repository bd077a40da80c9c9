import { runScenario } from '../sim/run-scenario.js';
import { scaleScenario } from './scale-world.js';

export interface ScaleCell {
  readonly strategy: string;
  readonly deployments: number;
  readonly features: boolean;
  /** Simulated requests per CPU second of this process, setup excluded. */
  readonly requestsPerS: number;
}

/**
 * Simulated requests per second for one strategy in a world of N deployments, with the
 * world's setup (building N providers, routers' per-deployment state) cancelled out: two runs
 * of the same world, one twice as long as the other, and the rate of the difference (best of
 * two each; 'noise' when the longer run was not slower). The
 * load per deployment is fixed (scale-world.ts), so `requests` sets the simulated horizon.
 */
export function measureScaleCell(strategy: string, deployments: number, features: boolean, requests: number): ScaleCell {
  const longS = requests / deployments; // 1 arrival per deployment per second
  const timed = (durationS: number) => {
    const scenario = scaleScenario({ deployments, features, durationS });
    // CPU time of this process, not wall time: the figure should not depend on what else the machine runs.
    const t0 = process.cpuUsage();
    const n = runScenario(scenario, { strategy }).requests.total;
    const used = process.cpuUsage(t0);
    return { n, s: (used.user + used.system) / 1e6 };
  };
  // Interleaved, best of two each: the first run also warms the JIT up.
  const shortRuns = [timed(longS / 2)], longRuns = [timed(longS)];
  shortRuns.push(timed(longS / 2));
  longRuns.push(timed(longS));
  const fastest = (runs: { n: number; s: number }[]) => runs.reduce((a, b) => (b.s < a.s ? b : a));
  const short = fastest(shortRuns), long = fastest(longRuns);
  const requestsPerS = long.s > short.s ? (long.n - short.n) / (long.s - short.s) : NaN;
  return { strategy, deployments, features, requestsPerS };
}

/** The per-N table: one row per strategy and feature setting, a column per N, and N_max / N_min. */
export function formatScaleTable(cells: readonly ScaleCell[], ns: readonly number[]): string[] {
  const lines = [`    ${'strategy'.padEnd(22)} ${'health'.padEnd(6)} ${ns.map((n) => `N=${n}`.padStart(13)).join('')}   N=${ns.at(-1)} / N=${ns[0]}`];
  const rows = new Map<string, ScaleCell[]>();
  for (const c of cells) {
    const key = `${c.strategy}\u0000${c.features}`;
    rows.set(key, [...(rows.get(key) ?? []), c]);
  }
  for (const row of rows.values()) {
    const at = (n: number) => row.find((c) => c.deployments === n)?.requestsPerS;
    const rates = ns.map((n) => at(n));
    const first = rates[0], last = rates.at(-1);
    const ratio = first !== undefined && last !== undefined ? `${((last / first) * 100).toFixed(0)}%` : '';
    lines.push(`    ${row[0].strategy.padEnd(22)} ${(row[0].features ? 'on' : 'off').padEnd(6)} ${rates.map((r) => (r === undefined || Number.isNaN(r) ? 'noise' : `${(r / 1e6).toFixed(4)} M/s`).padStart(13)).join('')}   ${ratio}`);
  }
  return lines;
}
