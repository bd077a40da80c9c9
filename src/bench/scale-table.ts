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
 * `requests` sets the simulated horizon. `ratePerDeploymentPerS` > 1 is the equal-load control:
 * few deployments carrying a large world's total rate (slots scaled to match), so the requests in
 * flight, the event queue and the traffic are those of the large world and only N differs.
 */
export function measureScaleCell(strategy: string, deployments: number, features: boolean, requests: number, ratePerDeploymentPerS = 1): ScaleCell {
  const scenario = scaleScenario({
    deployments, features, ratePerDeploymentPerS, maxConcurrent: 50 * ratePerDeploymentPerS, durationS: requests / (deployments * ratePerDeploymentPerS),
  });
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

/** The per-N table's header: a column per N, N_max / N_min, then the equal-load control and N_max / it. */
export function formatScaleHeader(ns: readonly number[]): string {
  const [first, last] = [ns[0], ns.at(-1)!];
  return `    ${'strategy'.padEnd(22)} ${'health'.padEnd(6)} ${ns.map((n) => `N=${n}`.padStart(13)).join('')}   ${`N=${last} / N=${first}`.padEnd(16)} ${`N=${first} @ ${last / first}×`.padStart(13)}   N=${last} / that`;
}

/** One strategy × health setting: its cells at each N (printed as soon as they are measured). */
export function formatScaleRow(row: readonly ScaleCell[], ns: readonly number[], control?: ScaleCell): string {
  const rates = ns.map((n) => row.find((c) => c.deployments === n)?.requestsPerS);
  const last = rates.at(-1);
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) ? `${((a / b) * 100).toFixed(0)}%` : '');
  const cell = (r: number | undefined) => (r === undefined || Number.isNaN(r) ? 'noise' : `${(r / 1e6).toFixed(4)} M/s`).padStart(13);
  const controlText = control === undefined ? '' : ` ${cell(control.requestsPerS)}   ${ratio(last, control.requestsPerS)}`;
  return `    ${row[0].strategy.padEnd(22)} ${(row[0].features ? 'on' : 'off').padEnd(6)} ${rates.map(cell).join('')}   ${ratio(last, rates[0]).padEnd(16)}${controlText}`;
}
