import { loadavg } from 'node:os';
import { measureGatewayOverhead } from './gateway-overhead.js';
import { measureGatewayOverheadInProcesses, type ProcessRun } from './gateway-overhead-processes.js';

export interface GatewayReportOptions {
  readonly seconds: number;
  readonly ratePerS: number;
  /** Alternating direct / through rounds with the gateway in its own process (0 skips that part). */
  readonly processRounds: number;
  /** Also the one-process measurement (load, providers and gateway on one event loop). */
  readonly oneProcess: boolean;
  /** Writes the gateway process's CPU profile (node --cpu-prof) into this directory. */
  readonly cpuProfileDir?: string;
  /** Another build's bin/routesim.js whose gateway runs beside this one's (A/B in the same run). */
  readonly otherLauncher?: string;
  /** The other gateway writes a request log (to price it against this one, which writes none). */
  readonly otherRequestLog?: boolean;
}

/** (7): the gateway's added latency and CPU per request against the emulated provider directly, same run. */
export async function reportGatewayOverhead(o: GatewayReportOptions): Promise<void> {
  if (o.seconds <= 0) return;
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  const added = (d: ProcessRun | { p50Ms: number; p99Ms: number }, t: typeof d) =>
    `the gateway adds ${(t.p50Ms - d.p50Ms).toFixed(2)} ms at p50 and ${(t.p99Ms - d.p99Ms).toFixed(2)} ms at p99 (target ≤ 2 ms at p99)`;
  if (o.processRounds > 0) {
    console.log(`(7) gateway overhead: load at ${o.ratePerS} req/s for ${o.seconds} s against one emulated provider (20 ms answers), directly and through the gateway; providers and gateway each in its own process (the CLI), load in this one; load average ${load()}`);
    const rounds = await measureGatewayOverheadInProcesses({
      ratePerS: o.ratePerS, durationS: o.seconds, rounds: o.processRounds,
      gatewayNodeArgs: o.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', o.cpuProfileDir], otherLauncher: o.otherLauncher, otherRequestLog: o.otherRequestLog,
    });
    const otherName = `${o.otherLauncher ?? 'this build'}${o.otherRequestLog ? ' with --request-log' : ''}`;
    const line = (label: string, r: ProcessRun) =>
      console.log(`    ${label} ${r.requests} requests (${r.succeeded} ok), p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, mean ${r.meanMs.toFixed(2)} ms, ${r.achievedPerS.toFixed(0)} req/s served, send lateness p99 ${r.sendLatenessP99Ms.toFixed(2)} ms, CPU/request: providers ${r.providersCpuUsPerRequest.toFixed(0)} µs${Number.isNaN(r.gatewayCpuUsPerRequest) ? '' : `, gateway ${r.gatewayCpuUsPerRequest.toFixed(0)} µs`}`);
    rounds.forEach(({ direct, through, throughOther }, i) => {
      line(`round ${i + 1} direct `, direct);
      line(`round ${i + 1} through`, through);
      console.log(`    → ${added(direct, through)}; gateway ${through.gatewayCpuUsPerRequest.toFixed(0)} µs CPU per request (≈ ${(1e6 / through.gatewayCpuUsPerRequest).toFixed(0)} req/s on one core); load average now ${load()}`);
      if (throughOther === undefined) return;
      line(`round ${i + 1} through ${otherName}`, throughOther);
      console.log(`    → that gateway: ${added(direct, throughOther)}; CPU per request this one / that one ${(through.gatewayCpuUsPerRequest / throughOther.gatewayCpuUsPerRequest).toFixed(3)}`);
    });
  }
  if (o.oneProcess) {
    console.log(`(7b) the same, all three in this one process (one event loop); load average ${load()}`);
    const { direct: d, through: t } = await measureGatewayOverhead(o.ratePerS, o.seconds);
    const line = (label: string, r: typeof d) =>
      console.log(`    ${label} ${r.requests} requests, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ${r.achievedPerS.toFixed(0)} req/s served, ${r.cpuUsPerRequest.toFixed(0)} µs CPU/request, send lateness p99 ${r.sendLatenessP99Ms.toFixed(2)} ms`);
    line('direct ', d);
    line('through', t);
    const addedCpuUs = t.cpuUsPerRequest - d.cpuUsPerRequest;
    console.log(`    → ${added(d, t)}, ${addedCpuUs.toFixed(0)} µs CPU per request (≈ ${(1e6 / addedCpuUs).toFixed(0)} req/s on one core for the gateway alone)`);
  }
}
