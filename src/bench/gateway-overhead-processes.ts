import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sortedQuantile } from '../calibrate/sample-quantiles.js';
import { parseScenarioText } from '../config/load-scenario.js';
import { startLoad } from '../live/load/start-load.js';
import { cpuSeconds, exited, firstLine } from './child-process-io.js';
import { overheadScenarioText } from './gateway-overhead.js';
import { LAUNCHER } from './startup-times.js';

export interface ProcessRun {
  readonly requests: number;
  readonly succeeded: number;
  /** Exact quantiles over every request, from its due time (send lateness counts against it). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly achievedPerS: number;
  readonly sendLatenessP99Ms: number;
  /** CPU µs per request (user + system, /proc) of the gateway process; NaN for a direct run. */
  readonly gatewayCpuUsPerRequest: number;
  readonly providersCpuUsPerRequest: number;
}

export interface ProcessRound {
  readonly direct: ProcessRun;
  readonly through: ProcessRun;
  /** Through the other gateway (`otherLauncher` and/or `otherRequestLog`), same round. */
  readonly throughOther?: ProcessRun;
}

export interface ProcessOverheadOptions {
  readonly ratePerS: number;
  readonly durationS: number;
  readonly rounds: number;
  /** Extra node flags for the gateway process (e.g. --cpu-prof --cpu-prof-dir D). */
  readonly gatewayNodeArgs?: readonly string[];
  /** Another build's bin/routesim.js: its gateway runs beside this one's, every round through both (an A/B in one run). */
  readonly otherLauncher?: string;
  /** The other gateway (this build's unless `otherLauncher`) writes a request log (--request-log), to price it. */
  readonly otherRequestLog?: boolean;
}

/**
 * (7) the way a user runs it: `routesim providers` and `routesim gateway` each in its own
 * process (the CLI), loopback, the load generator in this process. Alternates direct and
 * through-the-gateway runs (after one short warm-up of each, for the JIT and connection pools),
 * so a slow spell of the shared machine falls on both. CPU per request from /proc.
 */
export async function measureGatewayOverheadInProcesses(o: ProcessOverheadOptions): Promise<ProcessRound[]> {
  const dir = mkdtempSync(join(tmpdir(), 'routesim-bench-gateway-'));
  const file = join(dir, 'gateway-overhead.yaml');
  writeFileSync(file, overheadScenarioText(o.ratePerS, o.durationS));
  const children: ChildProcess[] = [];
  const child = (nodeArgs: readonly string[], args: readonly string[], launcher = LAUNCHER) => {
    const c = spawn(process.execPath, [...nodeArgs, launcher, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(c);
    return c;
  };
  try {
    const providers = child([], ['providers', file, '--port', '0', '--json', '--min-chunk-interval-ms', '0']);
    const ready = (await firstLine(providers)) as { providers: { baseUrl: string }[] };
    const directUrl = ready.providers[0].baseUrl;
    const gatewayArgs = ['gateway', file, '--upstream', `up=${directUrl}`, '--port', '0', '--json', '--drain-ms', '1000'];
    const startGatewayProcess = async (launcher?: string, extraArgs: readonly string[] = []) => {
      const process = child(o.gatewayNodeArgs ?? [], [...gatewayArgs, ...extraArgs], launcher);
      return { process, url: `${((await firstLine(process)) as { url: string }).url}/v1` };
    };
    const gw = await startGatewayProcess();
    const other = o.otherLauncher === undefined && !o.otherRequestLog
      ? undefined
      : await startGatewayProcess(o.otherLauncher, o.otherRequestLog ? ['--request-log', join(dir, 'requests.jsonl')] : []);
    const scenario = parseScenarioText(overheadScenarioText(o.ratePerS, o.durationS), file);
    const run = async (target: string, gateway?: ChildProcess, durationS = o.durationS): Promise<ProcessRun> => {
      const latencies: number[] = [];
      const gw0 = gateway === undefined ? NaN : cpuSeconds(gateway.pid!);
      const pr0 = cpuSeconds(providers.pid!);
      const t0 = performance.now();
      const r = await startLoad({ scenario, timeScale: 1, baseUrl: target, durationS, onRecord: (rec) => void latencies.push(rec.latencyMs) }).done;
      const wallS = (performance.now() - t0) / 1000;
      const n = r.summary.requests.total;
      latencies.sort((a, b) => a - b);
      const perRequestUs = (s: number) => (s * 1e6) / n;
      return {
        requests: n, succeeded: r.summary.requests.succeeded, p50Ms: sortedQuantile(latencies, 0.5), p99Ms: sortedQuantile(latencies, 0.99),
        meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length, achievedPerS: r.summary.requests.succeeded / wallS, sendLatenessP99Ms: r.lateness.p99Ms,
        gatewayCpuUsPerRequest: gateway === undefined ? NaN : perRequestUs(cpuSeconds(gateway.pid!) - gw0),
        providersCpuUsPerRequest: perRequestUs(cpuSeconds(providers.pid!) - pr0),
      };
    };
    const warmS = Math.min(3, o.durationS);
    await run(directUrl, undefined, warmS);
    await run(gw.url, gw.process, warmS);
    if (other !== undefined) await run(other.url, other.process, warmS);
    const rounds: ProcessRound[] = [];
    for (let i = 0; i < o.rounds; i++) {
      const direct = await run(directUrl);
      // The two builds take turns going first, so neither always follows the direct run.
      const [a, b] = i % 2 === 0 || other === undefined ? [gw, other] : [other, gw];
      const first = await run(a.url, a.process);
      const second = b === undefined ? undefined : await run(b.url, b.process);
      rounds.push(a === gw ? { direct, through: first, throughOther: second } : { direct, through: second!, throughOther: first });
    }
    return rounds;
  } finally {
    // SIGTERM drains and exits (a --cpu-prof profile is written on that exit).
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map(exited));
    rmSync(dir, { recursive: true, force: true });
  }
}
