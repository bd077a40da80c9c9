import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WaitQueue } from './wait-queue.js';

interface Job {
  readonly id: number;
  cancelled: boolean;
}

describe('WaitQueue', () => {
  it('hands jobs out oldest first, skipping cancelled ones', () => {
    const q = new WaitQueue<Job>();
    const jobs = [0, 1, 2, 3].map((id) => ({ id, cancelled: false }));
    for (const j of jobs) q.push(j);
    jobs[1].cancelled = true;
    q.noteCancelled();
    expect(q.size).toBe(3);
    expect([q.shift()?.id, q.shift()?.id, q.shift()?.id, q.shift()]).toEqual([0, 2, 3, undefined]);
    expect(q.size).toBe(0);
  });

  it('keeps order across compactions of a long queue', () => {
    const q = new WaitQueue<Job>();
    for (let id = 0; id < 5000; id++) q.push({ id, cancelled: false });
    for (let id = 0; id < 3000; id++) expect(q.shift()?.id).toBe(id);
    for (let id = 5000; id < 5100; id++) q.push({ id, cancelled: false });
    for (let id = 3000; id < 5100; id++) expect(q.shift()?.id).toBe(id);
    expect(q.shift()).toBeUndefined();
  });

  it('behaves like a plain array model under any mix of push, cancel and shift (compaction included)', () => {
    const op = fc.oneof(fc.constant('push' as const), fc.constant('shift' as const), fc.nat(5000).map((k) => ({ cancel: k })));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 6000 }), (ops) => {
        const q = new WaitQueue<Job>();
        let model: Job[] = [];
        let nextId = 0;
        for (const o of ops) {
          if (o === 'push') {
            const j = { id: nextId++, cancelled: false };
            q.push(j);
            model.push(j);
          } else if (o === 'shift') {
            expect(q.shift()).toBe(model.shift());
          } else if (model.length > 0) {
            const j = model[o.cancel % model.length];
            j.cancelled = true;
            q.noteCancelled();
            model = model.filter((x) => x !== j);
          }
          expect(q.size).toBe(model.length);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('an overloaded provider whose head never moves holds the live jobs, not every job that timed out in the queue', () => {
    // Every slot busy for the whole run; each waiting job is cancelled (its attempt timed out)
    // once 100 newer ones wait behind it. Before, all 200,000 stayed in the array.
    const q = new WaitQueue<Job>();
    const jobs: Job[] = [];
    let peakHeld = 0;
    for (let id = 0; id < 200_000; id++) {
      const j = { id, cancelled: false };
      jobs.push(j);
      q.push(j);
      if (id >= 100) {
        jobs[id - 100].cancelled = true;
        q.noteCancelled();
      }
      peakHeld = Math.max(peakHeld, q.held);
    }
    expect(q.size).toBe(100);
    expect(peakHeld).toBeLessThanOrEqual(1025);
    // Dropping cancelled jobs kept the order of the live ones.
    for (let id = 199_900; id < 200_000; id++) expect(q.shift()?.id).toBe(id);
    expect(q.shift()).toBeUndefined();
  });
});
