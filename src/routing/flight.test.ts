import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlightList, newFlight, type Flight } from './flight.js';

const flight = (id: number): Flight => newFlight({ id, arrivalMs: id, inputTokens: 1, expectedOutputTokens: 1, qualityTier: 'low' }, () => {});

describe('FlightList', () => {
  it('keeps arrival order through any adds and deletes, compactions included (200 runs)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(-1), fc.nat()), { minLength: 2_500, maxLength: 5_000 }), (ops) => {
        const list = new FlightList();
        const model: Flight[] = [];
        let next = 0;
        for (const o of ops) {
          if (o === -1 || model.length === 0) {
            const f = flight(next++);
            list.add(f);
            model.push(f);
          } else {
            const [f] = model.splice(o % model.length, 1);
            list.delete(f);
          }
        }
        expect(list.size).toBe(model.length);
        expect(list.toArray()).toEqual(model);
      }),
      { numRuns: 200 },
    );
  });
});
