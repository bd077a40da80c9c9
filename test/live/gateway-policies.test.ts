/**
 * The router's policies (issue 20) in the live gateway: tenant, category and priority come
 * from routesim's headers; a policy's refusal is an OpenAI-shaped 429/503 with the reason as
 * its code and no upstream attempt; status rules see the upstream's real status.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { chat, closeRigs, rig } from '../support/gateway-rig.js';
import { hang, okCompletion, status } from '../support/scripted-upstream.js';

afterEach(closeRigs);

/**
 * A gateway whose two deployments each hold one hanging request at a static limit of 1 (both
 * saturated); `answer` sends one more request; `release` closes the gateway, ending the held ones.
 */
async function saturated(router: string, heldHeaders: Record<string, string> = {}) {
  const r = await rig([hang], [hang], `  concurrencyLimit: { algorithm: static, initialLimit: 1 }\n${router}`);
  // Held open by hanging upstreams; closing the gateway ends them (a socket error, expected).
  const held = [chat(r.gw, {}, heldHeaders), chat(r.gw, {}, heldHeaders)].map((p) => p.catch(() => undefined));
  await r.a.received(1);
  await r.b.received(1);
  const metrics = async () => (await request(`${r.gw.url}/metrics`)).body.text();
  const release = async () => {
    await r.gw.close(0);
    await Promise.all(held);
  };
  return { answer: (headers: Record<string, string> = {}) => chat(r.gw, {}, headers), metrics, release };
}

const errorOf = (text: string) => (JSON.parse(text) as { error: { type: string; code: string | null } }).error;

describe('gateway policies', () => {
  it('per-tenant limits: the tenant header is read (percent-encoded names too); over the limit a 429 tenant_limited with no attempt; other tenants pass', async () => {
    const r = await rig([okCompletion('ma')], [okCompletion('mb')], '  tenantLimits: { tenants: { "team α": { requests: 1, window: hour } } }');
    const alpha = { 'x-routesim-tenant': encodeURIComponent('team α') };
    expect((await chat(r.gw, {}, alpha)).status).toBe(200);
    const refused = await chat(r.gw, {}, alpha);
    expect(refused.status).toBe(429);
    expect(errorOf(refused.text)).toMatchObject({ type: 'requests', code: 'tenant_limited' });
    expect((await chat(r.gw, {}, { 'x-routesim-tenant': 'beta' })).status).toBe(200);
    expect(r.a.seen).toHaveLength(2);
    expect(r.records().map((x) => [x.tenant, x.outcome, x.attempts.length])).toEqual([['team α', 'success', 1], ['team α', 'tenant-limited', 0], ['beta', 'success', 1]]);
  });

  it('a tenant budget that ran out answers 429 insufficient_quota', async () => {
    // ma costs 1 + 2 $/MTok: 4 prompt words and 3 output tokens bill 1e-5 $, over a 1e-6 $ budget at once.
    const r = await rig([okCompletion('ma')], [okCompletion('mb')], '  budgets: [{ scope: tenant, match: t1, limitUsd: 0.000001, window: day }]');
    expect((await chat(r.gw, {}, { 'x-routesim-tenant': 't1' })).status).toBe(200);
    const refused = await chat(r.gw, {}, { 'x-routesim-tenant': 't1' });
    expect(refused.status).toBe(429);
    expect(errorOf(refused.text)).toMatchObject({ type: 'insufficient_quota', code: 'budget_exceeded' });
    expect(r.a.seen).toHaveLength(1);
  });

  it('saturated: a sheddable priority (header) is refused at once with 429 shed; the queue counts in /metrics', async () => {
    const g = await saturated('  priorityQueue: { maxWaitMs: 60000, sheddableBelow: 0 }', { 'x-routesim-priority': '5' });
    const shed = await g.answer({ 'x-routesim-priority': '-1' });
    expect(shed.status).toBe(429);
    expect(errorOf(shed.text).code).toBe('shed');
    expect(await g.metrics()).toContain('routesim_gateway_requests_total{outcome="shed"} 1');
    await g.release();
  });

  it('a queued request that finds no room in maxWaitMs is answered 503 queue_timeout', async () => {
    const g = await saturated('  priorityQueue: { maxWaitMs: 50 }');
    const late = await g.answer();
    expect(late.status).toBe(503);
    expect(errorOf(late.text).code).toBe('queue_timeout');
    expect(await g.metrics()).toContain('routesim_gateway_requests_queued_total{priority="0"} 1');
    await g.release();
  });

  it("status rules match the upstream's own status: retryOn [503] does not retry a 529, retryOn [529] does", async () => {
    const noRetry = await rig([status(529)], [okCompletion('mb')], '  statusRules: { retryOn: [503], fallbackOn: [503] }');
    expect((await chat(noRetry.gw)).status).toBe(503);
    expect(noRetry.b.seen).toHaveLength(0);
    const retry = await rig([status(529)], [okCompletion('mb')], '  statusRules: { retryOn: [529], fallbackOn: [529] }');
    expect((await chat(retry.gw)).status).toBe(200);
    expect(retry.records()[0].attempts.map((t) => `${t.deployment}:${t['http.response.status_code']}`)).toEqual(['a/ma:529', 'b/mb:200']);
  });
});
