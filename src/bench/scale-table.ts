import { runScenario } from '../sim/run-scenario.js';
import { scaleScenario } from './scale-world.js';

export interface ScaleCell {
  readonly strategy: string;
  readonly deployments: number;
  readonly features: boolean;
  /** Simulated requests per CPU second of this process, setup and warm-up excluded. */
  readonly requestsPerS: number;
}

/**
 * Simulated requests per CPU second for one strategy in a world of N deployments, setup and
 * warm-up excluded: the CPU time between 20% and 100% of the simulated horizon (the run's
 * progress callbacks), against the requests that arrived in it (arrivals are Poisson at a
 * fixed rate, so that share of them). Building N providers and per-deployment state is O(N) by
 * nature and is not per-request cost. The load per deployment is fixed (scale-world.ts), so
 * `requests` sets the simulated horizon.
 */
export function measureScaleCell(strategy: string, deployments: number, features: boolean, requests: number): ScaleCell {
  const scenario = scaleScenario({ deployments, features, durationS: requests / deployments }); // 1 arrival per deployment per second
  const cpuS = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  let fromS = NaN, fromF = NaN, toS = NaN, toF = NaN;
  const total = runScenario(scenario, {
    strategy,
    onProgress: (fraction) => {
      if (Number.isNaN(fromS) && fraction >= 0.2) [fromS, fromF] = [cpuS(), fraction];
      [toS, toF] = [cpuS(), fraction];
    },
  }).requests.total;
  const requestsPerS = toS > fromS ? (total * (toF - fromF)) / (toS - fromS) : NaN;
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
