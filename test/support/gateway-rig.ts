/**
 * A routesim gateway over two scripted upstreams on 127.0.0.1 (a: priority 0, model ma, key
 * sk-secret-a; b: priority 1, model mb renamed upstream-mb), with its request log; everything
 * is closed by `closeRigs` (call it in afterEach).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { parseScenarioText } from '../../src/config/load-scenario.js';
import { RealScheduler } from '../../src/core/real-scheduler.js';
import { startGateway, type RunningGateway } from '../../src/live/gateway/gateway-server.js';
import { makeUpstream } from '../../src/live/gateway/upstream.js';
import { parseRequestLogLine, RequestLogWriter, type RequestLogRecord } from '../../src/live/request-log/request-log-record.js';
import { startScriptedUpstream, type ScriptedUpstream } from './scripted-upstream.js';

export const SCENARIO = (router: string) => `
name: gw
durationS: 60
traffic: { arrivals: { kind: poisson, ratePerS: 1 } }
providers:
  - id: a
    priority: 0
    models: [{ id: ma, inputUsdPerMTok: 1, outputUsdPerMTok: 2 }]
  - id: b
    priority: 1
    models: [{ id: mb, inputUsdPerMTok: 3, outputUsdPerMTok: 4 }]
router:
  strategy: priority
  retries: { maxRetries: 2, baseBackoffMs: 1 }
  timeouts: { attemptMs: 60000, deadlineMs: 120000 }
${router}
`;

const cleanups: (() => Promise<unknown> | void)[] = [];

/** Runs `fn` at the next closeRigs (a temp directory to remove, a server to close). */
export function onClose(fn: () => Promise<unknown> | void): void {
  cleanups.push(fn);
}

/** Closes every rig made since the last call, newest first. */
export async function closeRigs(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c();
}

export interface Rig {
  gw: RunningGateway;
  a: ScriptedUpstream;
  b: ScriptedUpstream;
  records(): RequestLogRecord[];
}

export async function rig(aScripts: Parameters<typeof startScriptedUpstream>[0], bScripts: Parameters<typeof startScriptedUpstream>[0], router = ''): Promise<Rig> {
  const a = await startScriptedUpstream(aScripts);
  cleanups.push(() => a.close());
  const b = await startScriptedUpstream(bScripts);
  cleanups.push(() => b.close());
  const dir = mkdtempSync(join(tmpdir(), 'gateway-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const logPath = join(dir, 'requests.jsonl');
  const requestLog = new RequestLogWriter(logPath);
  cleanups.push(() => requestLog.close());
  const wall = new RealScheduler();
  const gw = await startGateway({
    scenario: parseScenarioText(SCENARIO(router), 'gw.yaml'),
    upstreams: new Map([['a', makeUpstream('a', a.baseUrl, { apiKey: 'sk-secret-a' })], ['b', makeUpstream('b', b.baseUrl, { modelNames: { mb: 'upstream-mb' } })]]),
    clock: wall, wall, timeScale: 1, unixNowMs: () => 1_765_000_000_000, host: '127.0.0.1', port: 0, requestLog,
  });
  cleanups.push(() => gw.close(0));
  const records = () => readFileSync(logPath, 'utf8').split('\n').filter((l) => l !== '').map(parseRequestLogLine);
  return { gw, a, b, records };
}

export async function chat(gw: RunningGateway, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await request(`${gw.url}/v1/chat/completions`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'one two three four' }], max_tokens: 3, ...body }),
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

