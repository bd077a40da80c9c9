import { describe, expect, it } from 'vitest';
import { CallsOverScheduler } from '../../core/call-scheduler.js';
import type { Scheduler } from '../../core/ports.js';
import { createRng } from '../../core/rng.js';
import { scenarioSchema } from '../../config/scenario-schema.js';
import type { AttemptOutcome, RouteRequest } from '../../routing/types.js';
import { buildDeployments } from './build-deployments.js';
import { ProviderSim } from './provider-sim.js';

/** A wall clock moved by hand: `jumpTo(t)` runs every timer due by t, all of them late, at t. */
class JumpingClock implements Scheduler {
  private nowMs = 0;
  private timers: { dueMs: number; fn: () => void; seq: number }[] = [];
  private seq = 0;
  now(): number {
    return this.nowMs;
  }
  schedule(delayMs: number, fn: () => void): () => void {
    const t = { dueMs: this.nowMs + delayMs, fn, seq: this.seq++ };
    this.timers.push(t);
    return () => {
      this.timers = this.timers.filter((x) => x !== t);
    };
  }
  /** Moves the clock without running anything: a request handled before a timer already due. */
  setNow(t: number): void {
    this.nowMs = t;
  }
  jumpTo(t: number): void {
    this.nowMs = t;
    for (;;) {
      const due = this.timers.filter((x) => x.dueMs <= t).sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq)[0];
      if (due === undefined) return;
      this.timers = this.timers.filter((x) => x !== due);
      due.fn();
    }
  }
}

const scenario = (stream: boolean) => scenarioSchema.parse({
  name: 'late', seed: 1, durationS: 60,
  traffic: { arrivals: { kind: 'poisson', ratePerS: 1 } },
  providers: [{
    id: 'p', capacity: { maxConcurrent: 1 },
    latency: { ttftMs: 100, msPerOutputToken: stream ? 10 : 0 },
    models: [{ id: 'm', inputUsdPerMTok: 1, outputUsdPerMTok: 1 }],
  }],
});

const request = (id: number, outputTokens: number): RouteRequest => ({ id, arrivalMs: 0, inputTokens: 10, expectedOutputTokens: outputTokens, qualityTier: 'medium' });

function provider(stream: boolean) {
  const s = scenario(stream);
  const clock = new JumpingClock();
  const sim = new ProviderSim(s.providers[0], buildDeployments(s), new CallsOverScheduler(clock), createRng('1'), () => {});
  return { clock, sim };
}

describe('a provider on a late wall clock keeps the scenario\'s schedule', () => {
  it('a slot freed by a late timer starts the next job when the slot was due free, not when the timer ran', () => {
    const { clock, sim } = provider(false);
    const done: { id: number; atMs: number; outcome: AttemptOutcome }[] = [];
    for (const id of [1, 2]) sim.submit('m', request(id, 5), 0, (outcome) => done.push({ id, atMs: clock.now(), outcome }), null);
    clock.jumpTo(150); // job 1 was due at 100: its timer runs 50 ms late
    expect(done.map((d) => d.id)).toEqual([1]);
    clock.jumpTo(199);
    expect(done).toHaveLength(1);
    clock.jumpTo(200); // job 2 started as of 100 (its queue wait is 100 ms), so it is due at 200, not 250
    expect(done.map((d) => [d.id, d.atMs])).toEqual([[1, 150], [2, 200]]);
    expect(done[1].outcome.queueMs).toBe(100);
  });

  it('a job that arrived after the slot was due free starts when it arrived', () => {
    const { clock, sim } = provider(false);
    const done: number[] = [];
    sim.submit('m', request(1, 5), 0, () => done.push(clock.now()), null);
    clock.setNow(120);
    sim.submit('m', request(2, 5), 0, () => done.push(clock.now()), null); // queued: job 1's timer has not run yet
    clock.jumpTo(150); // job 1's timer runs 50 ms late; job 2 arrived at 120, so it starts as of 120
    clock.jumpTo(219);
    expect(done).toEqual([150]);
    clock.jumpTo(220);
    expect(done).toEqual([150, 220]);
  });

  it('a stream whose first-token timer runs late keeps its pace: it ends when it was due to', () => {
    const { clock, sim } = provider(true);
    let endedAtMs = NaN;
    let firstTokenAtMs = NaN;
    sim.submit('m', request(1, 10), 0, () => (endedAtMs = clock.now()), null, (_t, stream) => (firstTokenAtMs = stream.lastTokenAtMs()));
    clock.jumpTo(130); // first token due at 100, delivered 30 ms late
    expect(firstTokenAtMs).toBe(130); // 100 + 3 tokens at 10 ms: the stream has caught up by now
    clock.jumpTo(199);
    expect(endedAtMs).toBeNaN();
    clock.jumpTo(200); // 100 ms to the first token, then 10 tokens at 10 ms (as an unstreamed answer), not 230
    expect(endedAtMs).toBe(200);
  });
});
