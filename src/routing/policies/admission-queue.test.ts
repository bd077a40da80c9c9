import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priorityQueueSchema } from '../../config/admission-schema.js';
import { AdmissionQueue, priorityOf } from './admission-queue.js';

describe('AdmissionQueue', () => {
  it('serves highest priority first, FIFO within a priority', () => {
    const q = new AdmissionQueue<string>(10);
    q.offer('b0', 0);
    q.offer('a5', 5);
    q.offer('c0', 0);
    q.offer('d5', 5);
    q.offer('e-1', -1);
    const out: string[] = [];
    for (let w = q.shift(); w !== undefined; w = q.shift()) out.push(w.item);
    expect(out).toEqual(['a5', 'd5', 'b0', 'c0', 'e-1']);
  });

  it('when full, a higher newcomer pushes out the newest of the lowest class; an equal or lower one is refused', () => {
    const q = new AdmissionQueue<string>(3);
    q.offer('x1', 1);
    q.offer('y0', 0);
    q.offer('z0', 0);
    expect(q.offer('w0', 0)).toEqual({ queued: false });
    expect(q.offer('v2', 2)).toEqual({ queued: true, shed: 'z0' });
    expect(q.priorities()).toEqual([2, 1, 0]);
    expect(q.remove('x1')).toBe(true);
    expect(q.remove('x1')).toBe(false);
  });

  it('property: whatever is offered, no refused or pushed-out item has a higher priority than one still waiting', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: -2, max: 3 }), { maxLength: 40 }), (max, priorities) => {
        const q = new AdmissionQueue<number>(max);
        const lost: number[] = [];
        priorities.forEach((p, i) => {
          const r = q.offer(i, p);
          if (!r.queued) lost.push(p);
          else if (r.shed !== undefined) lost.push(priorities[r.shed]);
        });
        const waiting = q.priorities();
        expect(waiting.length).toBeLessThanOrEqual(max);
        expect(waiting).toEqual([...waiting].sort((a, b) => b - a));
        for (const p of lost) for (const w of waiting) expect(p).toBeLessThanOrEqual(w);
      }),
    );
  });

  it('priorityOf: the request field, else its tenant, else the default', () => {
    const c = priorityQueueSchema.parse({ tenantPriorities: { gold: 9 }, defaultPriority: 2 });
    const req = { id: 1, arrivalMs: 0, inputTokens: 1, expectedOutputTokens: 1, qualityTier: 'medium' as const };
    expect(priorityOf({ ...req, tenant: 'gold', priority: -3 }, c)).toBe(-3);
    expect(priorityOf({ ...req, tenant: 'gold' }, c)).toBe(9);
    expect(priorityOf({ ...req, tenant: 'tin' }, c)).toBe(2);
  });
});
