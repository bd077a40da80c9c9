import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/config/load-scenario.js';
import { ScenarioError } from '../../src/config/scenario-error.js';
import { upstreamsOf } from '../../src/live/gateway/gateway-config.js';
import { chat, closeRigs, onClose, rig, SCENARIO } from '../support/gateway-rig.js';
import { hang, okCompletion, status } from '../support/scripted-upstream.js';

afterEach(closeRigs);

describe('routesim gateway', () => {
  it('routes a completion to the priority deployment, with its key, the routesim ids and the body unchanged', async () => {
    const r = await rig([okCompletion('ma')], [okCompletion('mb')]);
    const res = await chat(r.gw, {}, { 'x-routesim-request-id': '77' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).model).toBe('ma');
    expect(res.headers['x-routesim-deployment']).toBe('a/ma');
    const sent = r.a.seen[0];
    expect(sent.headers.authorization).toBe('Bearer sk-secret-a');
    expect(sent.headers['x-routesim-request-id']).toBe('77');
    expect(sent.headers['x-routesim-attempt']).toBe('0');
    expect(sent.headers['x-routesim-input-tokens']).toBe('4');
    expect(JSON.parse(sent.body)).toMatchObject({ model: 'ma', max_tokens: 3 });
    const [rec] = r.records();
    expect(rec).toMatchObject({ requestId: '77', ok: true, outcome: 'success', 'gen_ai.response.model': 'ma', 'gen_ai.usage.output_tokens': 3 });
    expect(rec.attempts).toHaveLength(1);
    expect(rec.costUsd).toBeCloseTo((4 * 1 + 3 * 2) / 1e6, 15);
    expect(JSON.stringify(rec)).not.toContain('sk-secret');
  });

  it('fails over on 5xx and maps each status to its outcome kind, with Retry-After', async () => {
    const r = await rig([status(500), status(429, { 'retry-after-ms': '5' }), status(503)], [okCompletion('upstream-mb')]);
    for (let i = 0; i < 3; i++) expect((await chat(r.gw)).status).toBe(200);
    const recs = r.records();
    expect(recs.map((x) => x.attempts.map((t) => `${t.deployment}:${t.outcome}:${t['http.response.status_code']}`))).toEqual([
      ['a/ma:server-error:500', 'b/mb:success:200'],
      ['a/ma:rate-limited:429', 'b/mb:success:200'],
      ['a/ma:overloaded:503', 'b/mb:success:200'],
    ]);
    expect(recs[1].attempts[0].retryAfterMs).toBe(5);
    expect(JSON.parse(r.b.seen[0].body).model).toBe('upstream-mb');
    expect(r.b.seen[0].headers['x-routesim-attempt']).toBe('1');
    const metrics = await (await request(`${r.gw.url}/metrics`)).body.text();
    expect(metrics).toContain('routesim_gateway_attempts_total{deployment="a/ma",outcome="server-error"} 1');
    expect(metrics).toContain('routesim_gateway_requests_total{outcome="success"} 3');
  });

  it('passes a client error through unchanged and never retries it', async () => {
    const body = '{"error":{"message":"bad temperature","type":"invalid_request_error","param":"temperature","code":null}}';
    const r = await rig([status(422, {}, body)], [okCompletion('mb')]);
    const res = await chat(r.gw);
    expect(res.status).toBe(422);
    expect(res.text).toBe(body);
    expect(r.b.seen).toHaveLength(0);
    expect(r.records()[0]).toMatchObject({ ok: false, outcome: 'non-retryable', 'error.type': 'client-error' });
  });

  it('a connection refused is a connection-error and fails over', async () => {
    const r = await rig([okCompletion('ma')], [okCompletion('mb')]);
    await r.a.close();
    expect((await chat(r.gw)).status).toBe(200);
    expect(r.records()[0].attempts.map((t) => t.outcome)).toEqual(['connection-error', 'success']);
  });

  it('a character split between two upstream pieces reaches the client whole', async () => {
    const event = Buffer.from('data: {"model":"ma","choices":[{"delta":{"role":"assistant","content":" h\u00e9llo"}}]}\n\n');
    const cut = event.indexOf(0xc3) + 1; // between the two bytes of é
    const split = (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // A few event-loop turns (not a timed sleep) let the gateway's socket read the first half alone.
      const rest = () => res.end(Buffer.concat([event.subarray(cut), Buffer.from('data: [DONE]\n\n')]));
      const after = (turns: number): void => void (turns === 0 ? rest() : setImmediate(() => after(turns - 1)));
      res.write(event.subarray(0, cut), () => after(20));
    };
    const r = await rig([split], [okCompletion('mb')]);
    const res = await chat(r.gw, { stream: true });
    expect(res.status).toBe(200);
    expect(res.text).toContain(' h\u00e9llo');
    expect(res.text).not.toContain('\ufffd');
  });

  it('streams after the commit and a client disconnect cancels the upstream attempt', async () => {
    const stream = (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"model":"ma","choices":[{"delta":{"role":"assistant","content":" tok"}}]}\n\n');
      res.write('data: {"model":"ma","choices":[{"delta":{"content":" tok"}}]}\n\n');
      res.end('data: {"model":"ma","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":2}}\n\ndata: [DONE]\n\n');
    };
    const r = await rig([stream, hang], [okCompletion('mb')]);
    const res = await chat(r.gw, { stream: true });
    expect(res.status).toBe(200);
    expect(res.headers['x-routesim-deployment']).toBe('a/ma');
    expect(res.text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(res.text.split('\n\n').filter((x) => x.startsWith('data: '))).toHaveLength(4);
    expect(JSON.parse(r.a.seen[0].body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    // Second request hangs upstream; the client goes away; the upstream connection is closed.
    const abort = new AbortController();
    const pending = request(`${r.gw.url}/v1/chat/completions`, {
      method: 'POST', signal: abort.signal, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    }).catch((e: unknown) => e);
    await r.a.received(2);
    abort.abort();
    await pending;
    await r.a.closed(2);
    const recs = r.records();
    expect(recs[0]).toMatchObject({ ok: true, stream: true, 'gen_ai.usage.output_tokens': 2 });
    expect(recs[0].ttftMs).not.toBeNull();
    expect(recs[1]).toMatchObject({ ok: false, outcome: 'client-cancelled' });
    expect(r.gw.inFlight()).toBe(0);
  });

  it('a hedge that wins cancels the first attempt: its upstream request is aborted (the connection closes) and logged as cancelled', async () => {
    const r = await rig([hang], [okCompletion('mb')], '  hedging: { delayMs: 20, maxHedgeRatio: 1 }');
    const res = await chat(r.gw);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).model).toBe('mb');
    await r.a.closed(1); // never resolves if the cancel did not reach the upstream request
    const [rec] = r.records();
    expect(rec.attempts.map((t) => `${t.deployment}:${t.outcome}:${t.hedge}`)).toEqual(['a/ma:cancelled:false', 'b/mb:success:true']);
    expect(r.gw.inFlight()).toBe(0);
  });

  it('close drains requests in flight up to its limit, then cancels the rest', async () => {
    const r = await rig([hang], [okCompletion('mb')]);
    const pending = chat(r.gw).catch((e: unknown) => e);
    await r.a.received(1);
    const cancelled = await r.gw.close(20);
    expect(cancelled).toBe(1);
    await pending;
    await r.a.closed(1);
    expect(r.records()[0]).toMatchObject({ ok: false, outcome: 'client-cancelled' });
  });

  it('/v1/models, /healthz and an unknown path', async () => {
    const r = await rig([okCompletion('ma')], [okCompletion('mb')]);
    const models = JSON.parse(await (await request(`${r.gw.url}/v1/models`)).body.text());
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(['a/ma', 'b/mb']);
    const health = await request(`${r.gw.url}/healthz`);
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(await health.body.text())).toMatchObject({ status: 'ok', strategy: 'priority' });
    expect((await request(`${r.gw.url}/nope`)).statusCode).toBe(404);
    const bad = await request(`${r.gw.url}/v1/chat/completions`, { method: 'POST', body: '{"model":"x","messages":[]}' });
    expect(bad.statusCode).toBe(400);
    expect(await bad.body.text()).toContain('messages');
  });
});

describe('gateway config', () => {
  it('refuses missing endpoints, unset keys, unknown overrides and ground-truth strategies, with lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-config-'));
    onClose(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'g.yaml');
    const text = SCENARIO('').replace('priority: 1\n', 'priority: 1\n    endpoint: { baseUrl: "http://127.0.0.1:1/v1", apiKeyEnv: GW_TEST_UNSET_KEY }\n');
    writeFileSync(file, text);
    const scenario = parseScenarioText(text, file);
    let err: unknown;
    try {
      upstreamsOf(file, scenario, 'oracle', new Map([['zz', 'http://x/v1']]), {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    const lines = (err as ScenarioError).message.split('\n');
    expect(lines.some((l) => /g\.yaml:6:5: providers\[0\]: provider 'a' has no endpoint/.test(l))).toBe(true);
    expect(lines.some((l) => /g\.yaml:\d+:\d+: providers\[1\]\.endpoint\.apiKeyEnv: environment variable GW_TEST_UNSET_KEY is not set/.test(l))).toBe(true);
    expect(lines.some((l) => /--upstream zz=/.test(l))).toBe(true);
    expect(lines.some((l) => /router\.strategy: strategy 'oracle' reads the simulator's ground truth/.test(l))).toBe(true);
    const ok = upstreamsOf(file, scenario, 'priority', new Map([['a', 'http://127.0.0.1:2/v1/']]), { GW_TEST_UNSET_KEY: 'k' });
    expect(ok.get('a')).toMatchObject({ baseUrl: 'http://127.0.0.1:2/v1', healthUrl: 'http://127.0.0.1:2/v1/models', serverAddress: '127.0.0.1:2' });
    expect(ok.get('b')?.apiKey).toBe('k');
  });
});
