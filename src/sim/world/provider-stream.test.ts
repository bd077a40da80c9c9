import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { scenarioSchema } from '../../config/scenario-schema.js';
import type { AttemptOutcome, RouteRequest, StreamProgress } from '../../routing/types.js';
import { SimScheduler } from '../sim-scheduler.js';
import { buildDeployments } from './build-deployments.js';
import { ProviderSim } from './provider-sim.js';

/** The provider's stream model: first token at TTFT, then the per-token pace; breaks, stalls and cancels. */
function provider(errors: Record<string, number>) {
  const scenario = scenarioSchema.parse({
    name: 'streams',
    durationS: 60,
    traffic: { arrivals: { kind: 'poisson', ratePerS: 1 } },
    providers: [{ id: 'p', latency: { ttftMs: 400, msPerOutputToken: 10 }, errors, models: [{ id: 'm', inputUsdPerMTok: 1e6, outputUsdPerMTok: 1e6 }] }],
  });
  const scheduler = new SimScheduler();
  const billed: number[] = [];
  const sim = new ProviderSim(scenario.providers[0], buildDeployments(scenario), scheduler, createRng('streams'), (_i, usd) => billed.push(usd));
  return { scheduler, sim, billed };
}

const req = (id: number, stream: boolean): RouteRequest => ({ id, arrivalMs: 0, inputTokens: 3, expectedOutputTokens: 100, qualityTier: 'medium', stream });

interface Seen {
  firstTokenAtMs?: number;
  progress?: StreamProgress;
  outcome?: AttemptOutcome;
  doneAtMs?: number;
}

function send(p: ReturnType<typeof provider>, r: RouteRequest, streamed: boolean): { seen: Seen; cancel: () => void } {
  const seen: Seen = {};
  const cancel = p.sim.submit('m', r, 0, (o) => ((seen.outcome = o), (seen.doneAtMs = p.scheduler.now())), undefined, streamed ? (_t, progress) => ((seen.firstTokenAtMs = p.scheduler.now()), (seen.progress = progress)) : undefined);
  return { seen, cancel };
}

describe('ProviderSim streams', () => {
  it('a healthy stream shows its first token at TTFT and ends when the unstreamed answer would (TTFT + n × per-token)', () => {
    const p = provider({});
    const { seen } = send(p, req(1, true), true);
    const plain = send(p, req(2, false), false).seen;
    p.scheduler.run(1_395);
    expect(seen.firstTokenAtMs).toBe(400);
    // Tokens every 10 ms after the first: at 1,395 ms the last one arrived at 1,390 ms.
    expect(seen.progress!.lastTokenAtMs()).toBe(1_390);
    p.scheduler.run();
    expect(seen.doneAtMs).toBe(1_400);
    expect(plain.doneAtMs).toBe(1_400);
    expect(seen.outcome).toMatchObject({ kind: 'success', outputTokens: 100, ttftMs: 400 });
  });

  it('midStreamErrorRate 1 breaks every stream after its first token; unstreamed attempts never see it', () => {
    const p = provider({ midStreamErrorRate: 1 });
    const { seen } = send(p, req(1, true), true);
    const plain = send(p, req(2, false), false).seen;
    p.scheduler.run();
    expect(seen.firstTokenAtMs).toBe(400);
    expect(seen.outcome!.kind).toBe('server-error');
    const k = seen.outcome!.outputTokens;
    expect(k).toBeGreaterThanOrEqual(1);
    expect(k).toBeLessThanOrEqual(100);
    expect(seen.doneAtMs).toBeCloseTo(400 + (k - 1) * 10, 9);
    expect(plain.outcome).toMatchObject({ kind: 'success', outputTokens: 100 });
  });

  it('stallRate 1 stops a stream after some tokens and never ends it; a cancel then bills what was sent', () => {
    const p = provider({ stallRate: 1 });
    const { seen, cancel } = send(p, req(1, true), true);
    p.scheduler.run(100_000);
    expect(seen.firstTokenAtMs).toBe(400);
    expect(seen.outcome).toBeUndefined();
    const stoppedAtMs = seen.progress!.lastTokenAtMs();
    expect(stoppedAtMs).toBeGreaterThanOrEqual(400);
    expect(stoppedAtMs).toBeLessThan(1_400);
    cancel();
    const sentTokens = (stoppedAtMs - 400) / 10 + 1;
    // Prices are $1 per token: input 3 + the output tokens streamed before the stall.
    expect(p.billed).toEqual([3 + sentTokens]);
  });

  it('a stream cancelled before its first token bills its input only; after it, input plus the tokens sent', () => {
    const p = provider({});
    const early = send(p, req(1, true), true);
    const late = send(p, req(2, true), true);
    p.scheduler.scheduleAt(300, early.cancel);
    p.scheduler.scheduleAt(655, late.cancel);
    p.scheduler.run();
    // First token at 400, then one every 10 ms: by 655 ms tokens 400, 410, ..., 650 (26) were sent.
    expect(p.billed).toEqual([3, 3 + 26]);
  });
});
