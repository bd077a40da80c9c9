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

/** The per-N table's header: a column per N, and N_max / N_min. */
export function formatScaleHeader(ns: readonly number[]): string {
  return `    ${'strategy'.padEnd(22)} ${'health'.padEnd(6)} ${ns.map((n) => `N=${n}`.padStart(13)).join('')}   N=${ns.at(-1)} / N=${ns[0]}`;
}

/** One strategy × health setting: its cells at each N (printed as soon as they are measured). */
export function formatScaleRow(row: readonly ScaleCell[], ns: readonly number[]): string {
  const rates = ns.map((n) => row.find((c) => c.deployments === n)?.requestsPerS);
  const first = rates[0], last = rates.at(-1);
  const ratio = first !== undefined && last !== undefined && Number.isFinite(first) && Number.isFinite(last) ? `${((last / first) * 100).toFixed(0)}%` : '';
  const cell = (r: number | undefined) => (r === undefined || Number.isNaN(r) ? 'noise' : `${(r / 1e6).toFixed(4)} M/s`).padStart(13);
  return `    ${row[0].strategy.padEnd(22)} ${(row[0].features ? 'on' : 'off').padEnd(6)} ${rates.map(cell).join('')}   ${ratio}`;
}
