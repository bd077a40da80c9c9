import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { scenarioSchema, type Scenario } from '../../src/config/scenario-schema.js';
import { createRng } from '../../src/core/rng.js';
import type { AttemptOutcome, RouteRequest } from '../../src/routing/types.js';
import { SimScheduler } from '../../src/sim/sim-scheduler.js';
import { buildDeployments } from '../../src/sim/world/build-deployments.js';
import { ProviderSim } from '../../src/sim/world/provider-sim.js';
import { postChat, sseData, startEmulated } from '../support/emulated-server.js';

function scenario(provider: Record<string, unknown>, extra: Record<string, unknown> = {}): Scenario {
  return scenarioSchema.parse({
    name: 'emulated', seed: 7, durationS: 3600,
    traffic: { arrivals: { kind: 'poisson', ratePerS: 1 } },
    providers: [{
      id: 'p', capacity: { maxConcurrent: 8 },
      latency: { ttftMs: { kind: 'lognormal', median: 200, p99: 800 }, msPerOutputToken: { kind: 'lognormal', median: 10, p99: 30 } },
      models: [{ id: 'm', inputUsdPerMTok: 1, outputUsdPerMTok: 2 }],
      ...provider,
    }],
    ...extra,
  });
}

const ids = (id: number, attempt = 0, input = 100, output = 20) => ({
  'x-routesim-request-id': String(id), 'x-routesim-attempt': String(attempt), 'x-routesim-input-tokens': String(input), 'x-routesim-output-tokens': String(output),
});
const chat = (extra: Record<string, unknown> = {}) => ({ model: 'm', messages: [{ role: 'user', content: 'hello world' }], ...extra });

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function serve(s: Scenario, k = 50) {
  const srv = await startEmulated(s, k);
  stop = srv.close;
  return srv;
}

describe('emulated providers over HTTP', () => {
  it('answers a completion with the real token counts in usage, and bills it in the ledger at the scenario price', async () => {
    const srv = await serve(scenario({}));
    const r = await postChat(srv.baseUrl('p'), chat(), ids(1, 0, 1000, 50));
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text);
    expect(body.object).toBe('chat.completion');
    expect(body.usage).toEqual({ prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050, prompt_tokens_details: { cached_tokens: 0 } });
    expect(body.choices[0].message.content.trim().split(/\s+/)).toHaveLength(50);
    const ledger = JSON.parse((await postGet(srv.endpoints.ledgerUrl)).text);
    expect(ledger.totalCostUsd).toBeCloseTo((1000 * 1 + 50 * 2) / 1e6, 15);
    expect(ledger.providers[0].models[0].billedAttempts).toBe(1);
  });

  it('without headers counts prompt words and max_tokens', async () => {
    const srv = await serve(scenario({}));
    const body = JSON.parse((await postChat(srv.baseUrl('p'), chat({ max_tokens: 7, messages: [{ role: 'user', content: 'one two  three\nfour' }] }))).text);
    expect(body.usage.prompt_tokens).toBe(4);
    expect(body.usage.completion_tokens).toBe(7);
  });

  it('streams SSE chunks whose tokens add up to the answer, then the usage chunk and [DONE]', async () => {
    const srv = await serve(scenario({}));
    const r = await postChat(srv.baseUrl('p'), chat({ stream: true, stream_options: { include_usage: true } }), ids(2, 0, 10, 40));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/event-stream');
    const data = sseData(r.text);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    const tokens = chunks.reduce((n, c) => n + (c.choices[0]?.delta?.content ?? '').trim().split(/\s+/).filter(Boolean).length, 0);
    expect(tokens).toBe(40);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.at(-1).usage).toEqual({ prompt_tokens: 10, completion_tokens: 40, total_tokens: 50, prompt_tokens_details: { cached_tokens: 0 } });
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
  });

  it('draws the simulator\'s luck for a (request id, attempt): the same errors and never less than the simulated latency', async () => {
    const s = scenario({ errors: { serverErrorRate: 0.4 } });
    const k = 20;
    const srv = await serve(s, k);
    // The simulator's ProviderSim on the same random streams (world → provider:p).
    const sched = new SimScheduler();
    const sim = new ProviderSim(s.providers[0], buildDeployments(s), sched, createRng(String(s.seed)).fork('world').fork('provider:p'), () => {});
    const simulated = (id: number, attempt: number): AttemptOutcome => {
      let out: AttemptOutcome | undefined;
      const req: RouteRequest = { id, arrivalMs: sched.now(), inputTokens: 100, expectedOutputTokens: 20, qualityTier: 'medium' };
      sim.submit('m', req, attempt, (o) => (out = o), undefined);
      sched.run();
      return out!;
    };
    const cases = Array.from({ length: 40 }, (_, i) => ({ id: 1000 + (i >> 1), attempt: i & 1 }));
    const live = await Promise.all(cases.map(async ({ id, attempt }) => {
      const t0 = srv.clock.now();
      const r = await postChat(srv.baseUrl('p'), chat(), ids(id, attempt));
      return { status: r.status, elapsedSimMs: srv.clock.now() - t0 };
    }));
    const expected = cases.map(({ id, attempt }) => simulated(id, attempt));
    expect(live.map((l) => l.status)).toEqual(expected.map((o) => (o.kind === 'success' ? 200 : 500)));
    expect(new Set(live.map((l) => l.status)).size).toBe(2); // both kinds occur, so the comparison means something
    // A timer never fires early: the HTTP answer comes no sooner than the simulated latency (less 1 ms real of timer rounding).
    live.forEach((l, i) => expect(l.elapsedSimMs).toBeGreaterThanOrEqual(expected[i].latencyMs - k));
  });

  it('a repeated (request id, attempt) — a gateway retrying with the client\'s headers — draws the next attempt\'s luck, not the same again', async () => {
    const s = scenario({ errors: { serverErrorRate: 0.5 } });
    const srv = await serve(s, 20);
    const sched = new SimScheduler();
    const sim = new ProviderSim(s.providers[0], buildDeployments(s), sched, createRng(String(s.seed)).fork('world').fork('provider:p'), () => {});
    const simulatedKind = (id: number, attempt: number) => {
      let kind = '';
      sim.submit('m', { id, arrivalMs: sched.now(), inputTokens: 100, expectedOutputTokens: 20, qualityTier: 'medium' }, attempt, (o) => (kind = o.kind), undefined);
      sched.run();
      return kind === 'success' ? 200 : 500;
    };
    const idsTried = Array.from({ length: 24 }, (_, i) => 5000 + i);
    const live: number[][] = [];
    for (const id of idsTried) {
      const first = (await postChat(srv.baseUrl('p'), chat(), ids(id, 0))).status;
      const again = (await postChat(srv.baseUrl('p'), chat(), ids(id, 0))).status; // same headers
      const third = (await postChat(srv.baseUrl('p'), chat(), ids(id, 0))).status;
      live.push([first, again, third]);
    }
    expect(live).toEqual(idsTried.map((id) => [simulatedKind(id, 0), simulatedKind(id, 1), simulatedKind(id, 2)]));
    // Some request fails first and then succeeds on the repeat: retries can help, as in the simulator.
    expect(live.some(([a, b]) => a === 500 && b === 200)).toBe(true);
  });

  it('rate limits: 429 with Retry-After in real seconds and the x-ratelimit headers', async () => {
    const srv = await serve(scenario({ rateLimits: { rpm: 2 } }), 10);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof postChat>> | undefined;
    for (let i = 0; i < 3; i++) {
      const r = await postChat(srv.baseUrl('p'), chat(), ids(i));
      statuses.push(r.status);
      if (r.status === 429) limited = r;
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(JSON.parse(limited!.text).error.code).toBe('rate_limit_exceeded');
    // One request refills in 30 simulated s = 3 real s at k = 10 (minus what elapsed).
    expect(Number(limited!.headers['retry-after'])).toBe(3);
    expect(Number(limited!.headers['retry-after-ms'])).toBeLessThanOrEqual(3000);
    expect(Number(limited!.headers['retry-after-ms'])).toBeGreaterThan(2000);
    expect(limited!.headers['x-ratelimit-limit-requests']).toBe('2');
    expect(limited!.headers['x-ratelimit-remaining-requests']).toBe('0');
  });

  it('a prompt beyond the context window is 400 context_length_exceeded', async () => {
    const srv = await serve(scenario({ models: [{ id: 'm', contextWindowTokens: 1000 }] }));
    const r = await postChat(srv.baseUrl('p'), chat(), ids(1, 0, 990, 20));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error).toMatchObject({ code: 'context_length_exceeded', type: 'invalid_request_error' });
  });

  it('a full queue answers 503 overloaded', async () => {
    const srv = await serve(scenario({ capacity: { maxConcurrent: 1, maxQueue: 1 }, latency: { ttftMs: 20_000, msPerOutputToken: 0 } }), 10);
    const first = postChat(srv.baseUrl('p'), chat(), ids(1)).catch(() => undefined);
    const second = postChat(srv.baseUrl('p'), chat(), ids(2)).catch(() => undefined);
    await waitFor(() => srv.world.providers.get('p')!.sim.expectedLatencyMs('m', { id: 9, arrivalMs: 0, inputTokens: 0, expectedOutputTokens: 0, qualityTier: 'medium' }) > 20_000 * 1.5);
    const third = await postChat(srv.baseUrl('p'), chat(), ids(3));
    expect(third.status).toBe(503);
    expect(JSON.parse(third.text).error.code).toBe('overloaded');
    await srv.close();
    stop = undefined;
    await Promise.all([first, second]);
  });

  it('a connection error resets the socket', async () => {
    const srv = await serve(scenario({ errors: { connectionErrorRate: 1 } }));
    await expect(postChat(srv.baseUrl('p'), chat(), ids(1))).rejects.toMatchObject({ code: expect.stringMatching(/UND_ERR_SOCKET|ECONNRESET/) });
  });

  it('a mid-stream break sends the first token, then resets without [DONE]', async () => {
    const srv = await serve(scenario({ errors: { midStreamErrorRate: 1 } }));
    const res = await request(`${srv.baseUrl('p')}/chat/completions`, { method: 'POST', headers: ids(1, 0, 10, 50), body: JSON.stringify(chat({ stream: true })) });
    expect(res.statusCode).toBe(200);
    let text = '';
    await expect((async () => {
      for await (const piece of res.body) text += String(piece);
    })()).rejects.toBeTruthy();
    const data = sseData(text);
    expect(data.length).toBeGreaterThanOrEqual(1);
    expect(data).not.toContain('[DONE]');
  });

  it('health follows the health model: red while down, green through a gray failure whose requests fail', async () => {
    const s = scenario({}, {});
    const gray = scenarioSchema.parse({ ...s, providers: [{ ...s.providers[0], incidents: [{ kind: 'gray', startS: 0, durationS: 3600, errorRate: 1 }] }] });
    let srv = await serve(gray);
    expect((await postGet(`${srv.endpoints.providers[0].healthUrl}`)).status).toBe(200);
    expect((await postChat(srv.baseUrl('p'), chat(), ids(1))).status).toBe(500);
    await srv.close();
    const down = scenarioSchema.parse({ ...s, providers: [{ ...s.providers[0], incidents: [{ kind: 'down', startS: 0, durationS: 3600 }] }] });
    srv = await serve(down);
    expect((await postGet(`${srv.endpoints.providers[0].healthUrl}`)).status).toBe(503);
  });

  it('bad requests get OpenAI-shaped errors: not JSON, a missing field, an unknown model, an unknown path', async () => {
    const two = scenario({ models: [{ id: 'a' }, { id: 'b' }] });
    const srv = await serve(two);
    const url = `${srv.baseUrl('p')}/chat/completions`;
    const notJson = await request(url, { method: 'POST', body: '{oops' });
    expect(notJson.statusCode).toBe(400);
    expect(JSON.parse(await notJson.body.text()).error.type).toBe('invalid_request_error');
    const missing = await postChat(srv.baseUrl('p'), { model: 'a' });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text).error.param).toBe('messages');
    const unknown = await postChat(srv.baseUrl('p'), chat({ model: 'zzz' }));
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).error.code).toBe('model_not_found');
    const models = JSON.parse((await postGet(`${srv.baseUrl('p')}/models`)).text);
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(['a', 'b']);
    expect((await postGet(`${srv.endpoints.ledgerUrl.replace('/ledger', '/nope/v1/models')}`)).status).toBe(404);
  });
});

async function postGet(url: string): Promise<{ status: number; text: string }> {
  const res = await request(url);
  return { status: res.statusCode, text: await res.body.text() };
}

/** Polls a condition on the event loop (no fixed sleep), bounded. */
async function waitFor(cond: () => boolean, maxTurns = 10_000): Promise<void> {
  for (let i = 0; i < maxTurns && !cond(); i++) await new Promise((r) => setImmediate(r));
  expect(cond()).toBe(true);
}

describe('hangs: a timeout and a stall hold the connection until the client gives up', () => {
  /** Provider `p` misbehaves; `ref` answers after `refMs`, longer than `p` would have taken. */
  const pair = (errors: Record<string, number>, refMs: number) => scenario({ errors, latency: { ttftMs: 100, msPerOutputToken: 10 } }, {
    providers: [
      { id: 'p', capacity: { maxConcurrent: 8 }, errors, latency: { ttftMs: 100, msPerOutputToken: 10 }, models: [{ id: 'm' }] },
      { id: 'ref', capacity: { maxConcurrent: 8 }, latency: { ttftMs: refMs, msPerOutputToken: 0 }, models: [{ id: 'm' }] },
    ],
  });

  it('a timeout never answers (a later, slower request does)', async () => {
    const srv = await serve(pair({ timeoutRate: 1 }, 2_000));
    let answered = false;
    const hung = postChat(srv.baseUrl('p'), chat(), ids(1, 0, 10, 20)).then(() => (answered = true), () => (answered = true));
    // p would have answered after 100 + 20 × 10 = 300 simulated ms; ref answers after 2,000.
    expect((await postChat(srv.baseUrl('ref'), chat(), ids(2))).status).toBe(200);
    expect(answered).toBe(false);
    await srv.close();
    stop = undefined;
    await hung;
  });

  it('a stall sends some tokens, then nothing: no [DONE] while a slower request completes', async () => {
    const srv = await serve(pair({ stallRate: 1 }, 2_000));
    const res = await request(`${srv.baseUrl('p')}/chat/completions`, { method: 'POST', headers: ids(1, 0, 10, 50), body: JSON.stringify(chat({ stream: true })) });
    expect(res.statusCode).toBe(200);
    let text = '';
    let ended = false;
    res.body.on('data', (d) => (text += String(d)));
    res.body.on('end', () => (ended = true));
    res.body.on('error', () => (ended = true));
    // A full answer would take 100 + 50 × 10 = 600 simulated ms; ref answers after 2,000.
    expect((await postChat(srv.baseUrl('ref'), chat(), ids(2))).status).toBe(200);
    const data = sseData(text);
    expect(ended).toBe(false);
    expect(data.length).toBeGreaterThanOrEqual(1);
    expect(data).not.toContain('[DONE]');
    const tokens = data.map((d) => JSON.parse(d).choices[0].delta.content.trim().split(/\s+/).length).reduce((a, b) => a + b, 0);
    expect(tokens).toBeLessThan(50);
    res.body.destroy();
  });
});

describe('the scenario\'s schedule on the wall clock', () => {
  it('draws the same stochastic incident windows as the simulator\'s World for the seed', async () => {
    const { World } = await import('../../src/sim/world/world.js');
    const { EmulatedProviders } = await import('../../src/live/providers/emulated-providers.js');
    const { ScaledScheduler } = await import('../../src/core/scaled-scheduler.js');
    const s = scenario({ incidents: [{ kind: 'errors', errorRate: 0.5, timeBetweenS: { kind: 'exponential', mean: 300 }, durationS: { kind: 'exponential', mean: 60 } }] });
    // Windows are generated lazily (the next when one ends): run both schedules to the horizon.
    const simClock = new SimScheduler();
    const world = new World(s, buildDeployments(s), simClock, createRng(String(s.seed)).fork('world'), () => {}, () => {});
    simClock.run(s.durationS * 1000);
    const liveClock = new SimScheduler(); // any Scheduler drives the emulated providers; this one runs them in no time
    const live = new EmulatedProviders(s, s.seed, new ScaledScheduler(liveClock, 1));
    liveClock.run(s.durationS * 1000);
    const windows = [...live.providers.get('p')!.incidents].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
    expect(windows.length).toBeGreaterThan(3); // ~10 in an hour
    expect(windows).toEqual(world.incidents);
    live.close();
  });

  it('a price change applies at its time: the ledger bills the new price afterwards', async () => {
    const s = scenario({
      latency: { ttftMs: 2_000, msPerOutputToken: 0 },
      priceChanges: [{ atS: 1, model: 'm', inputUsdPerMTok: 10 }],
      models: [{ id: 'm', inputUsdPerMTok: 1, outputUsdPerMTok: 0, contextWindowTokens: 2_000_000 }],
    });
    const srv = await serve(s, 50);
    // Sent at about 0 s and answered at 2 s (billed then, after the change at 1 s): 10 $/MTok.
    expect((await postChat(srv.baseUrl('p'), chat(), ids(1, 0, 1_000_000, 1))).status).toBe(200);
    const ledger = JSON.parse((await postGet(srv.endpoints.ledgerUrl)).text);
    expect(ledger.totalCostUsd).toBeCloseTo(10, 9);
  });
});
