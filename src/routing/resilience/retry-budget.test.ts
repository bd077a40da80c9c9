import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BudgetAccountingError, RetryBudget } from './retry-budget.js';

describe('RetryBudget', () => {
  it('always allows budgetMinRetries concurrent retries, then budgetRatio × active requests', () => {
    const b = new RetryBudget({ budgetRatio: 0.2, budgetMinRetries: 3 });
    expect([b.tryAcquireRetry(), b.tryAcquireRetry(), b.tryAcquireRetry(), b.tryAcquireRetry()]).toEqual([true, true, true, false]);
    for (let i = 0; i < 20; i++) b.requestStarted(); // 0.2 × 20 = 4
    expect(b.tryAcquireRetry()).toBe(true);
    expect(b.tryAcquireRetry()).toBe(false);
    b.retryFinished();
    expect(b.tryAcquireRetry()).toBe(true);
    expect(b.activeRetries).toBe(4);
    expect(b.retriesDenied).toBe(2);
    expect(b.retriesGranted).toBe(5);
  });

  it('rounds the ratio allowance down so it is never exceeded (0.2 × 7 = 1.4 → 1)', () => {
    const b = new RetryBudget({ budgetRatio: 0.2, budgetMinRetries: 0 });
    for (let i = 0; i < 7; i++) b.requestStarted();
    expect(b.tryAcquireRetry()).toBe(true);
    expect(b.tryAcquireRetry()).toBe(false);
    const c = new RetryBudget({ budgetRatio: 0.29, budgetMinRetries: 0 });
    for (let i = 0; i < 100; i++) c.requestStarted();
    expect(c.maxActiveRetries).toBe(29); // 0.29 × 100 is 28.999… in floating point
  });

  it('throws a typed error on unbalanced accounting', () => {
    const b = new RetryBudget({ budgetRatio: 0.2, budgetMinRetries: 1 });
    expect(() => b.requestFinished()).toThrow(BudgetAccountingError);
    expect(() => b.retryFinished()).toThrow(BudgetAccountingError);
  });

  it('property: never exceeded, and only denies when the budget is really full', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.constantFrom('start', 'finish', 'retry', 'retry', 'retryDone'), { maxLength: 500, size: 'max' }),
        (ratio, minRetries, ops) => {
          const b = new RetryBudget({ budgetRatio: ratio, budgetMinRetries: minRetries });
          let requests = 0;
          let retries = 0;
          for (const op of ops) {
            if (op === 'start') {
              b.requestStarted();
              requests++;
            } else if (op === 'finish' && requests > 0) {
              b.requestFinished();
              requests--;
            } else if (op === 'retryDone' && retries > 0) {
              b.retryFinished();
              retries--;
            } else if (op === 'retry') {
              const allowance = Math.max(minRetries, ratio * requests);
              const granted = b.tryAcquireRetry();
              if (granted) {
                retries++;
                expect(retries).toBeLessThanOrEqual(allowance + 1e-9);
              } else {
                expect(retries + 1).toBeGreaterThan(allowance - 1e-9);
              }
            }
            expect(b.activeRetries).toBe(retries);
            expect(b.activeRequests).toBe(requests);
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
