import { HEAP_GROWING_PERCENT, limitHeapGrowth } from '../cli/heap-growth.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../config/load-scenario.js';
import { compareStrategies } from '../lab/compare.js';
import { STRATEGY_NAMES } from '../routing/strategies/registry.js';
import { runScenario } from '../sim/run-scenario.js';
import { fullStackScenario } from './full-stack-scenario.js';
import { reportGatewayOverhead, type GatewayReportOptions } from './gateway-overhead-report.js';
import { measureLive, type LiveRun } from './live-throughput.js';
import { mmcOnBareHeap } from './mmc-bare-heap.js';
import { mmcOnRoutesim } from './mmc-routesim.js';
import { mmcOnSimjs } from './mmc-simjs.js';
import { measureParallelCompare, timeCli } from './parallel-compare.js';
import { formatTimeToDecision } from './time-to-decision.js';
import { formatScaleHeader, formatScaleRow, measureScaleCell } from './scale-table.js';
import { scaleScenario } from './scale-world.js';
import { LAUNCHER, measureStartup } from './startup-times.js';
import { measureTraceReplay } from './trace-replay-caches.js';

/**
 * `npm run bench`: speed is reported as ratios against peers measured in the same process,
 * never asserted in tests. Each figure is the best of a few repetitions (after a warm-up).
 *   --requests N             M/M/10 requests per repetition (default 2e6)
 *   --full-stack-seconds S   simulated seconds of the full-stack run (default 3600)
 *   --compare-replications R replications per strategy in (3) (default 5; 0 skips it)
 *   --min-replications M     (3c): the sequential compare's floor (default 2), against (3)'s full run
 *   --parallel-rounds K      (3b): K alternating one-thread / pool CLI runs of the full plan, speedup per round (default 1; 0 skips (3b))
 *   --trace-replay-seconds S simulated seconds of the looped trace replay (4) (default 144000 ≈ 489k rows; 0 skips it)
 *   --memory N               also run the engine on N requests and report peak RSS (e.g. 1e8)
 *   --memory-full-stack N    also run the full stack (2) on N requests and report peak RSS
 *   --startup-runs N         (0): rounds of whole-process CLI timings, median reported (default 9; 0 skips)
 *   --startup-entry FILE     (0): also time the same commands through FILE (e.g. a bundled CLI) in the same rounds
 *   --startup-only           run (0) and nothing else
 *   --scale-requests R       (5): simulated requests per cell of the per-N table (default 50000; 0 skips it)
 *   --scale-n 10,1000,10000  (5): the deployment counts
 *   --scale-strategies a,b   (5): the strategies (default: every registered one)
 *   --scale-only             run (5) and nothing else
 *   --memory-scale N         run a world of 10,000 deployments and 100,000 clients (health on, round robin) on N requests and report peak RSS (e.g. 1e7)
 *   --memory-scale-only      run that and nothing else
 *   --live-seconds S         (6): seconds of each live run, providers and load as processes at k = 1 (default 10; 0 skips)
 *   --gateway-seconds S      (7): seconds of load at 1,000 req/s, direct and through the gateway (default 10; 0 skips)
 *   --gateway-rate R         (7): requests/s (default 1000)
 *   --gateway-only           run (7) and nothing else
 *   --gateway-rounds N       (7): alternating direct / through rounds with providers and gateway in their own processes (default 2; 0 skips)
 *   --gateway-one-process    (7b): also measure with load, providers and gateway in this one process
 *   --gateway-cpu-prof DIR   (7): write the gateway process's CPU profile (node --cpu-prof) into DIR
 *   --gateway-other-launcher F (7): also run another build's gateway (its bin/routesim.js) beside this one, every round through both
 *   --gateway-other-request-log (7): that other gateway (this build's unless the flag above) writes a --request-log: its price
 */
function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function textArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** (0): startup, as whole-process wall and CPU times of the CLI, optionally against another entry script. */
function reportStartup(runs: number): void {
  const other = textArg('startup-entry');
  const entries = other === undefined ? [LAUNCHER] : [LAUNCHER, other];
  console.log(`(0) startup: whole-process wall time (CPU time), median of ${runs} rounds${other === undefined ? '' : `; bin/routesim.js vs ${other}`}`);
  const ms = (wall: number, cpu: number) => `${wall.toFixed(0).padStart(5)} ms (${cpu.toFixed(0).padStart(4)} ms)`;
  for (const f of measureStartup(entries, runs)) {
    const [ours, alt] = f.medianMs;
    const [oursCpu, altCpu] = f.medianCpuMs;
    const versus = alt === undefined ? '' : `   ${ms(alt, altCpu)} = ${(alt / ours).toFixed(2)}× (${(altCpu / oursCpu).toFixed(2)}×)${f.sameOutput ? ', same output' : ', output differs'}`;
    console.log(`    ${f.label.padEnd(36)} ${ms(ours, oursCpu)}${versus}`);
  }
}

function best(reps: number, fn: () => number): number {
  let bestRate = 0;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const n = fn();
    const rate = n / ((performance.now() - t0) / 1000);
    bestRate = Math.max(bestRate, rate);
  }
  return bestRate;
}

function gatewayOptions(): GatewayReportOptions {
  return {
    seconds: arg('gateway-seconds', 10), ratePerS: arg('gateway-rate', 1000), processRounds: arg('gateway-rounds', 2),
    oneProcess: process.argv.includes('--gateway-one-process'), cpuProfileDir: textArg('gateway-cpu-prof'),
    otherLauncher: textArg('gateway-other-launcher'), otherRequestLog: process.argv.includes('--gateway-other-request-log'),
  };
}

const fmt = (r: number) => `${(r / 1e6).toFixed(2)} M req/s`;

async function main(): Promise<void> {
  const requests = arg('requests', 2e6);
  // As the CLI runs (heap-growth.ts); `node --heap-growing-percent=0 dist/bench/run-benchmarks.js` measures V8's default.
  const heap = limitHeapGrowth() ? `old generation grows ≤ ${HEAP_GROWING_PERCENT}% between full GCs, as the CLI` : `heap growing factor from the command line (${process.execArgv.join(' ')})`;
  console.log(`routesim benchmarks — node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}; ${heap}`);
  console.log('');
  if (process.argv.includes('--gateway-only')) return reportGatewayOverhead(gatewayOptions());
  const startupRuns = arg('startup-runs', 9);
  if (startupRuns > 0) {
    reportStartup(startupRuns);
    console.log('');
  }
  if (process.argv.includes('--startup-only')) return;
  if (process.argv.includes('--scale-only')) return reportScale();
  if (process.argv.includes('--memory-scale-only')) return reportScaleMemory();
  console.log(`(1) engine: M/M/10, λ = 9, μ = 1, ${requests.toExponential(0)} requests, best of 3`);
  mmcOnRoutesim(9, 1, 10, 2e5);
  mmcOnSimjs(9, 1, 10, 2e4);
  const ours = best(3, () => mmcOnRoutesim(9, 1, 10, requests).served);
  const simjsRequests = Math.min(requests, 5e5); // SimJS is slow; a smaller run measures its rate fine
  const simjs = best(3, () => mmcOnSimjs(9, 1, 10, simjsRequests).served);
  const bare = best(3, () => mmcOnBareHeap(9, 1, 10, requests).served);
  console.log(`    routesim SimScheduler   ${fmt(ours)}`);
  console.log(`    SimJS 2.0.3             ${fmt(simjs)}   → routesim is ${(ours / simjs).toFixed(1)}× SimJS (target ≥ 2×)`);
  console.log(`    bare typed-array heap   ${fmt(bare)}   → routesim runs at ${((ours / bare) * 100).toFixed(0)}% of the bare loop`);

  console.log('');
  const durationS = arg('full-stack-seconds', 3600);
  const scenario = fullStackScenario(durationS, 300);
  console.log(`(2) full stack: 10 providers, p2c-ewma, breakers, health checks every 5 s, incidents, pricing, metrics; ${durationS} s at 300 req/s`);
  runScenario(fullStackScenario(120, 300));
  let served = 0;
  const full = best(2, () => {
    const s = runScenario(scenario);
    served = s.requests.total;
    return s.requests.total;
  });
  console.log(`    ${served.toLocaleString('en-US')} requests: ${fmt(full)} simulated on one core (target ≥ 1 M req/s) = ${((full / ours) * 100).toFixed(0)}% of the engine rate (1)`);

  const replications = arg('compare-replications', 5);
  if (replications > 0) {
    console.log('');
    const file = fileURLToPath(new URL('../../scenarios/default.yaml', import.meta.url));
    const defaults = loadScenarioFile(file);
    const strategies = [...STRATEGY_NAMES];
    console.log(`(3) compare: scenarios/default.yaml, ${strategies.length} strategies × ${replications} replications, one thread (wall time)`);
    let simulated = 0;
    const t0 = performance.now();
    const fullSummary = compareStrategies(defaults, { strategies, replications, onRun: (run) => (simulated += run.requests.total) });
    const wallS = (performance.now() - t0) / 1000;
    const rate = simulated / wallS;
    const perStrategy = Math.round(simulated / strategies.length);
    console.log(`    ${strategies.length * replications} runs, ${simulated.toLocaleString('en-US')} requests (${perStrategy.toLocaleString('en-US')} per strategy; the target asks ≥ 1,000,000) in ${wallS.toFixed(1)} s: ${fmt(rate)} = ${((rate / full) * 100).toFixed(0)}% of the full-stack rate (2)`);

    console.log('');
    const minReplications = arg('min-replications', 2);
    console.log(`(3c) the same compare, sequential: --min-replications ${minReplications}, cap ${replications}, one thread`);
    const t1 = performance.now();
    const seqSummary = compareStrategies(defaults, { strategies, replications, minReplications });
    const seqS = (performance.now() - t1) / 1000;
    for (const line of formatTimeToDecision(fullSummary, seqSummary, wallS, seqS)) console.log(line);
    const workers = Math.max(2, availableParallelism());
    const cliDir = mkdtempSync(join(tmpdir(), 'routesim-bench-'));
    try {
      const reps = ['--replications', String(replications), '--workers', String(workers)];
      const cliFullS = await timeCli([...reps, '--min-replications', String(replications), '--out', join(cliDir, 'full')]);
      const cliSeqS = await timeCli([...reps, '--min-replications', String(minReplications), '--out', join(cliDir, 'seq')]);
      console.log(`    the CLI (report included), --workers ${workers}: full ${cliFullS.toFixed(1)} s, sequential ${cliSeqS.toFixed(1)} s (target ≤ 10 s on 2 cores) → ${(cliFullS / cliSeqS).toFixed(2)}× sooner`);
    } finally {
      rmSync(cliDir, { recursive: true, force: true });
    }

    if (arg('parallel-rounds', 1) > 0) {
      console.log('');
      console.log(`(3b) the same compare from the CLI (report included): one thread vs --workers ${workers}, and this machine's ceiling`);
      const p = await measureParallelCompare(replications, workers, arg('parallel-rounds', 1));
      const speedups = p.oneThreadS.map((t, r) => t / p.poolS[r]);
      const speedup = [...speedups].sort((a, b) => a - b)[Math.floor(speedups.length / 2)];
      const ceiling = p.shardsInSequenceS / p.shardsSideBySideS;
      p.oneThreadS.forEach((t, r) => {
        console.log(`    --workers 1  ${t.toFixed(1)} s;  --workers ${workers}  ${p.poolS[r].toFixed(1)} s (target < 60 s on 2 cores)   → ${speedups[r].toFixed(2)}× (target ≥ 1.8× on 2 cores)`);
      });
      if (speedups.length > 1) console.log(`    median of ${speedups.length} rounds: ${speedup.toFixed(2)}×`);
      console.log(`    ceiling: the jobs as 2 independent --shard processes, ${p.shardsInSequenceS.toFixed(1)} s one after the other, ${p.shardsSideBySideS.toFixed(1)} s side by side → ${ceiling.toFixed(2)}×`);
      console.log(`    → the pool reaches ${((speedup / ceiling) * 100).toFixed(0)}% of the speedup two independent processes get here`);
    }
  }

  const replaySeconds = arg('trace-replay-seconds', 144_000);
  if (replaySeconds > 0) reportTraceReplay(replaySeconds);
  console.log('');
  reportScale();
  const liveSeconds = arg('live-seconds', 10);
  if (liveSeconds > 0) {
    console.log('');
    await reportLive(liveSeconds);
  }

  // Peak RSS is process-wide: run these alone (--compare-replications 0) for a clean reading.
  const memoryRequests = arg('memory', 0);
  if (memoryRequests > 0) {
    console.log('');
    console.log(`(memory) engine on ${memoryRequests.toExponential(0)} requests`);
    reportPeakRss(() => mmcOnRoutesim(9, 1, 10, memoryRequests).served);
  }

  reportScaleMemory();

  const fullStackRequests = arg('memory-full-stack', 0);
  if (fullStackRequests > 0) {
    const seconds = Math.ceil(fullStackRequests / 300);
    console.log('');
    console.log(`(memory) full stack (2) on ${fullStackRequests.toExponential(0)} requests: ${seconds.toLocaleString('en-US')} simulated s at 300 req/s`);
    reportPeakRss(() => runScenario(fullStackScenario(seconds, 300)).requests.total);
  }
  if (arg('gateway-seconds', 10) > 0) {
    console.log('');
    await reportGatewayOverhead(gatewayOptions());
  }
}

/** (4): the looped Mooncake replay with the providers' prefix caches on and off, alternating. */
function reportTraceReplay(durationS: number): void {
  console.log('');
  const t = measureTraceReplay(durationS, 2);
  if (t === undefined) {
    console.log('(4) trace replay: skipped, the Mooncake trace (scenarios/trace-replay.yaml traffic.trace.path) is not there');
    return;
  }
  console.log(`(4) trace replay: scenarios/trace-replay.yaml looped for ${durationS.toLocaleString('en-US')} s, prefix-affinity, 3 providers with 20,000-block prefix caches on vs off; best of 2`);
  const rate = (seconds: number) => `${(t.rows / seconds / 1e6).toFixed(3)} M rows/s`;
  console.log(`    ${t.rows.toLocaleString('en-US')} rows, wall: caches on ${rate(t.on.wallS)}, off ${rate(t.off.wallS)} → caches cost ${(t.on.wallS / t.off.wallS).toFixed(2)}× (target ≤ 1.5×)`);
  console.log(`    CPU time: caches on ${t.on.cpuS.toFixed(2)} s, off ${t.off.cpuS.toFixed(2)} s → ${(t.on.cpuS / t.off.cpuS).toFixed(2)}×`);
}

/** (5): simulated requests/s per strategy at each N, health features off and on. */
function reportScale(): void {
  const requests = arg('scale-requests', 50000);
  if (requests <= 0) return;
  const ns = (textArg('scale-n') ?? '10,1000,10000').split(',').map(Number);
  const strategies = textArg('scale-strategies')?.split(',') ?? [...STRATEGY_NAMES];
  const [first, last] = [ns[0], ns.at(-1)!];
  console.log(`(5) scale: simulated requests per CPU second (between 20% and 100% of the horizon: setup and warm-up excluded) with N deployments at 1 req/s each, ${requests} requests per cell; health = checks, outlier detection, cooldowns, breakers`);
  console.log(`    control: N=${first} @ ${last / first}× is ${first} deployments at ${last / first} req/s each (the total rate, requests in flight and event queue of N=${last}; slots scaled to match): N=${last} / that is the cost of N alone`);
  console.log(formatScaleHeader(ns));
  for (const features of [false, true]) {
    for (const strategy of strategies) {
      const row = ns.map((n) => measureScaleCell(strategy, n, features, requests));
      const control = last > first ? measureScaleCell(strategy, first, features, requests, last / first) : undefined;
      console.log(formatScaleRow(row, ns, control));
    }
  }
}

/** (memory) at scale: a world of 10,000 deployments (1 req/s each) and 100,000 clients, health on. */
function reportScaleMemory(): void {
  const requests = arg('memory-scale', 0);
  if (requests <= 0) return;
  console.log('');
  console.log(`(memory) 10,000 deployments, 100,000 clients, health features on, round robin, ${requests.toExponential(0)} requests`);
  // The least heap used in the second half of the run is about the live heap after a major GC:
  // bounded if it does not grow with N (peak RSS adds V8's headroom for garbage between GCs).
  let liveHeapMb = Infinity;
  const onProgress = (fraction: number) => {
    if (fraction >= 0.5) liveHeapMb = Math.min(liveHeapMb, process.memoryUsage().heapUsed / 2 ** 20);
  };
  reportPeakRss(() => runScenario(scaleScenario({ deployments: 10_000, clients: 100_000, features: true, durationS: requests / 10_000 }), { onProgress }).requests.total, 500);
  console.log(`    least heap used in the second half of the run (about the live heap): ${liveHeapMb.toFixed(0)} MB`);
}

/** (6): `providers` and `load` as two processes at k = 1 — streams held open, then request rate. */
async function reportLive(seconds: number): Promise<void> {
  const [load1] = loadavg();
  console.log(`(6) live: routesim providers ← routesim load, two processes, time scale 1, ${seconds} s each (machine load average ${load1.toFixed(1)} on ${availableParallelism()} cores)`);
  const show = (label: string, r: LiveRun, streamsTarget: string) => {
    const l = r.loadLateness;
    console.log(`    ${label}`);
    console.log(`      providers: ${r.requests.toLocaleString('en-US')} requests, ${r.succeeded.toLocaleString('en-US')} ok = ${r.answeredPerS.toFixed(0)} req/s answered (target ≥ 1,000); peak ${r.peakOpenCompletions.toLocaleString('en-US')} open completions${streamsTarget}; ` +
      `event-loop lag p50 ${r.providerLagMs.p50.toFixed(1)} ms, p99 ${r.providerLagMs.p99.toFixed(1)} ms, max ${r.providerLagMs.max.toFixed(0)} ms (target p99 < 10 ms); CPU ${(r.providerCpuCores * 100).toFixed(0)}% of one core`);
    // On a shared machine a process gets only its share of a core: requests per CPU-second is what one free core would do.
    const perCpuS = (n: number, cores: number) => `${(n / (cores * r.loadWallS)).toFixed(0)} req per CPU-second`;
    console.log(`      capacity: providers ${perCpuS(r.succeeded, r.providerCpuCores)}, load ${perCpuS(l.sent, r.loadCpuCores)} (if one core were free)`);
    console.log(`      load: ${l.sent.toLocaleString('en-US')} sent = ${(l.sent / r.durationS).toFixed(0)} req/s sent (target ≥ 2,000 in the second run); send lateness p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms, max ${l.maxMs.toFixed(0)} ms (target p99 < 5 ms); CPU ${(r.loadCpuCores * 100).toFixed(0)}% of one core; wall ${r.loadWallS.toFixed(1)} s`);
  };
  show('streams: 1,000 req/s, every one streamed (TTFT 200 ms, 100 tokens at 20 ms: ~2.2 s open each)', await measureLive({
    ratePerS: 1000, durationS: seconds, outputTokens: 100, ttftMs: 200, msPerOutputToken: 20, streamFraction: 1, minChunkIntervalMs: 10,
  }), ' (target ≥ 2,000 streams)');
  show('request rate: 2,000 req/s, not streamed (TTFT 50 ms, 5 tokens)', await measureLive({
    ratePerS: 2000, durationS: seconds, outputTokens: 5, ttftMs: 50, msPerOutputToken: 1, streamFraction: 0, minChunkIntervalMs: 10,
  }), '');
}

/** Runs `fn` (it returns the requests it simulated) and prints its rate and the process's peak RSS. */
function reportPeakRss(fn: () => number, targetMb = 300): void {
  const t0 = performance.now();
  const n = fn();
  const wallS = (performance.now() - t0) / 1000;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`    ${n.toLocaleString('en-US')} requests in ${wallS.toFixed(0)} s (${fmt(n / wallS)}); peak RSS ${maxRssMb.toFixed(0)} MB (target < ${targetMb} MB)`);
}

await main();
