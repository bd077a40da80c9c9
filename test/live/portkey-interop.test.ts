import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioSchema } from '../../src/config/scenario-schema.js';
import type { LoadRecord } from '../../src/live/load/load-record.js';
import { startLoad } from '../../src/live/load/start-load.js';
import { startEmulated } from '../support/emulated-server.js';

/**
 * A real third-party gateway in front of the emulated providers: Portkey's open-source gateway
 * (devDependency @portkey-ai/gateway) with a loadbalance over two fallback chains, a → b and
 * b → a, while provider a is down for the middle 10 of 20 scenario seconds. The config implies
 * every request succeeds (b never fails) and, outside the outage, a 50/50 split; during it, b
 * serves everything and a receives the attempts that fail over. Requests are not streamed:
 * Portkey 1.15.2 on Node answers every streamed chat completion 500 ("TypeError: immutable"
 * in its response service; Portkey-AI/gateway#1389, #1550).
 */
const GATEWAY = join(import.meta.dirname, '..', '..', 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
/** Slow enough that the gateway (about 20 req/s real here) is not the bottleneck on a shared machine. */
const K = 2;
const DOWN_FROM_MS = 5_000;
const DOWN_TO_MS = 15_000;
/** Requests due this close to an outage boundary may land on either side of it (timer and hop lateness). */
const MARGIN_MS = 1_000;

const scenario = scenarioSchema.parse({
  name: 'portkey-failover', seed: 11, durationS: 20,
  traffic: { arrivals: { kind: 'poisson', ratePerS: 10 }, inputTokens: 30, outputTokens: 10 },
  providers: [
    { id: 'a', capacity: { maxConcurrent: 256 }, latency: { ttftMs: 60, msPerOutputToken: 2 }, incidents: [{ kind: 'down', startS: DOWN_FROM_MS / 1000, durationS: (DOWN_TO_MS - DOWN_FROM_MS) / 1000 }], models: [{ id: 'm', inputUsdPerMTok: 1, outputUsdPerMTok: 2 }] },
    { id: 'b', capacity: { maxConcurrent: 256 }, latency: { ttftMs: 90, msPerOutputToken: 3 }, models: [{ id: 'm', inputUsdPerMTok: 2, outputUsdPerMTok: 4 }] },
  ],
});

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the gateway; resolves when it says it is ready, or with the reason it could not start. */
async function startPortkey(): Promise<{ child: ChildProcess; port: number } | { reason: string }> {
  if (!existsSync(GATEWAY)) return { reason: 'Portkey gateway not installed (npm ci installs the devDependency @portkey-ai/gateway)' };
  const port = await freePort();
  const child = spawn(process.execPath, [GATEWAY, `--port=${port}`, '--headless'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      out += String(d);
      if (out.includes('Ready for connections')) resolve({ child, port });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('close', (code) => resolve({ reason: `Portkey gateway exited ${code} before it was ready: ${out.slice(-300)}` }));
    child.on('error', (e) => resolve({ reason: `Portkey gateway could not start: ${e.message}` }));
  });
}

describe('Portkey gateway (loadbalance + fallback) over two emulated providers, one with an outage', () => {
  it('shows the failover and the success rate the config implies', { timeout: 120_000 }, async (ctx) => {
    const gateway = await startPortkey();
    if ('reason' in gateway) {
      if (process.env.CI) throw new Error(`${gateway.reason} (required in CI)`);
      ctx.skip(gateway.reason);
      return;
    }
    cleanups.push(() => gateway.child.kill('SIGTERM'));
    // One epoch for the providers' incident schedule and the load's arrivals: scenario time 0 a moment from now.
    const epochMs = performance.now() + 500;
    const srv = await startEmulated(scenario, K, scenario.seed, epochMs);
    cleanups.push(srv.close);
    const forward = ['x-routesim-request-id', 'x-routesim-attempt', 'x-routesim-input-tokens', 'x-routesim-output-tokens'];
    const target = (id: string) => ({ provider: 'openai', api_key: 'unused', custom_host: srv.baseUrl(id), forward_headers: forward });
    const config = {
      strategy: { mode: 'loadbalance' },
      targets: [
        { weight: 0.5, strategy: { mode: 'fallback' }, targets: [target('a'), target('b')] },
        { weight: 0.5, strategy: { mode: 'fallback' }, targets: [target('b'), target('a')] },
      ],
    };
    const records: LoadRecord[] = [];
    const result = await startLoad({
      scenario, timeScale: K, baseUrl: `http://127.0.0.1:${gateway.port}/v1`, epochMs,
      headers: { 'x-portkey-config': JSON.stringify(config) }, onRecord: (r) => records.push(r),
    }).done;
    const ledger = srv.world.ledgerReport();
    const of = (id: string) => ledger.providers.find((p) => p.id === id)!.models[0];
    const during = records.filter((r) => r.dueMs >= DOWN_FROM_MS + MARGIN_MS && r.dueMs < DOWN_TO_MS - MARGIN_MS);
    const outside = records.filter((r) => r.dueMs < DOWN_FROM_MS - MARGIN_MS || r.dueMs >= DOWN_TO_MS + MARGIN_MS);
    const shareA = outside.filter((r) => r.deploymentId === 'a/m').length / outside.length;
    const figures = {
      requests: records.length, successRate: result.summary.successRate, during: during.length,
      servedDuringByB: during.filter((r) => r.deploymentId === 'b/m').length, shareAOutside: shareA,
      aReceived: of('a').attemptsReceived, aBilled: of('a').billedAttempts, bReceived: of('b').attemptsReceived,
    };
    process.stdout.write(`portkey interop: ${JSON.stringify(figures)}\n`);
    for (const r of records.filter((x) => !x.ok)) process.stdout.write(`portkey interop, failed: ${JSON.stringify(r)}\n`);
    // Every request succeeds: b never fails, and every chain ends in b.
    expect(result.summary.requests.total).toBe(records.length);
    expect(records.length).toBeGreaterThan(150); // ~200 expected
    expect(result.summary.successRate).toBe(1);
    // During the outage b serves everything, and a saw the attempts that then failed over.
    expect(during.length).toBeGreaterThan(50); // ~80 expected
    expect(during.every((r) => r.deploymentId === 'b/m')).toBe(true);
    // Binomial(n, 1/2) first picks during the outage, each one failed over from a: well over a quarter.
    const failedOver = of('a').attemptsReceived - of('a').billedAttempts;
    expect(failedOver).toBeGreaterThan(during.length / 4);
    expect(of('b').attemptsReceived).toBe(records.length - of('a').billedAttempts);
    // Outside it, the loadbalance's 50/50 (Binomial(n ≈ 95, 1/2): ±0.25 is 4.9 sd).
    expect(shareA).toBeGreaterThan(0.25);
    expect(shareA).toBeLessThan(0.75);
  });
});
