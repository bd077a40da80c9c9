import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, firstLine } from './child-process-io.js';
import { LAUNCHER } from './startup-times.js';

/**
 * (4) live: `routesim providers` and `routesim load` as two processes on this machine, at
 * time scale 1. The providers' own figures come from their GET /stats (event-loop lag,
 * peak open completions) and their CPU time from /proc; the load's from its --json line.
 */
export interface LiveRun {
  readonly offeredPerS: number;
  readonly durationS: number;
  readonly requests: number;
  readonly succeeded: number;
  /** Successful answers per second of the replayed scenario. */
  readonly answeredPerS: number;
  readonly peakOpenCompletions: number;
  readonly providerLagMs: { p50: number; p99: number; max: number };
  /** CPU seconds the providers process used per wall second of the load (1 = one core busy). */
  readonly providerCpuCores: number;
  /** The same for the load process (sampled every 200 ms until it ends, so a little low). */
  readonly loadCpuCores: number;
  readonly loadLateness: { sent: number; p50Ms: number; p99Ms: number; maxMs: number };
  readonly loadWallS: number;
}

export interface LiveRunSpec {
  readonly ratePerS: number;
  readonly durationS: number;
  readonly outputTokens: number;
  readonly ttftMs: number;
  readonly msPerOutputToken: number;
  readonly streamFraction: number;
  readonly minChunkIntervalMs: number;
}

export async function measureLive(spec: LiveRunSpec): Promise<LiveRun> {
  const dir = mkdtempSync(join(tmpdir(), 'routesim-bench-live-'));
  const file = join(dir, 'live.yaml');
  writeFileSync(file, [
    'name: bench-live', 'seed: 1', `durationS: ${spec.durationS}`,
    'traffic:', `  arrivals: { kind: poisson, ratePerS: ${spec.ratePerS} }`, '  inputTokens: 10', `  outputTokens: ${spec.outputTokens}`, `  streamFraction: ${spec.streamFraction}`,
    'providers:', '  - id: p', '    capacity: { maxConcurrent: 1000000 }', `    latency: { ttftMs: ${spec.ttftMs}, msPerOutputToken: ${spec.msPerOutputToken} }`,
    '    models: [{ id: m, contextWindowTokens: 1000000 }]',
    'router:', '  timeouts: { attemptMs: 600000, deadlineMs: 600000 }',
  ].join('\n') + '\n');
  const providers = spawn(process.execPath, [LAUNCHER, 'providers', file, '--port', '0', '--json', '--min-chunk-interval-ms', String(spec.minChunkIntervalMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const ready = await firstLine(providers) as { port: number; providers: { baseUrl: string }[] };
    const statsUrl = `http://127.0.0.1:${ready.port}/stats`;
    await (await fetch(`${statsUrl}?reset=1`)).json();
    const cpu0 = cpuSeconds(providers.pid!);
    const t0 = performance.now();
    const load = spawn(process.execPath, [LAUNCHER, 'load', file, '--target', ready.providers[0].baseUrl, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let loadCpu = 0;
    load.on('exit', () => undefined);
    const sampler = setInterval(() => {
      const c = cpuSeconds(load.pid!);
      if (c === c) loadCpu = c; // last reading before it exits
    }, 200);
    const out = await firstLine(load).finally(() => clearInterval(sampler)) as { requests: { total: number; succeeded: number }; load: { lateness: LiveRun['loadLateness'] } };
    const wallS = (performance.now() - t0) / 1000;
    const cpu1 = cpuSeconds(providers.pid!);
    const stats = await (await fetch(statsUrl)).json() as { peakOpenCompletions: number; completionsClosed: number; eventLoopLagMs: LiveRun['providerLagMs'] };
    return {
      offeredPerS: spec.ratePerS, durationS: spec.durationS, requests: out.requests.total, succeeded: out.requests.succeeded,
      answeredPerS: out.requests.succeeded / spec.durationS, peakOpenCompletions: stats.peakOpenCompletions, providerLagMs: stats.eventLoopLagMs,
      providerCpuCores: (cpu1 - cpu0) / wallS, loadCpuCores: loadCpu / wallS, loadLateness: out.load.lateness, loadWallS: wallS,
    };
  } finally {
    providers.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
