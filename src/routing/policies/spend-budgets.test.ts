import { describe, expect, it } from 'vitest';
import { budgetSchema } from '../../config/budget-policies-schema.js';
import { SimScheduler } from '../../sim/sim-scheduler.js';
import type { RouterEvent } from '../events.js';
import { makeDeployment, makeRequest } from '../strategies/test-fixtures.js';
import { SpendBudgets } from './spend-budgets.js';

const a1 = makeDeployment('a/m1');
const a2 = makeDeployment('a/m2');
const b1 = makeDeployment('b/m1');

function setup(budgets: unknown[]) {
  const s = new SimScheduler();
  const events: RouterEvent[] = [];
  const book = new SpendBudgets(budgets.map((b) => budgetSchema.parse(b)), [a1, a2, b1], s, (e) => events.push(e));
  return { s, events, book };
}

describe('SpendBudgets', () => {
  it('a provider budget blocks every deployment of the provider once spend reaches the limit, until the window ends', () => {
    const { s, events, book } = setup([{ scope: 'provider', match: 'a', limitUsd: 1, window: 'minute' }]);
    const req = makeRequest();
    book.charge(a1, req, 0.6, 0);
    expect(book.blockingBudget('a/m2', 0)).toBeUndefined();
    expect(book.mayBlockDeployments).toBe(false); // under every limit: pools pass unchecked
    s.schedule(10_000, () => book.charge(a2, req, 0.4, s.now())); // exactly the limit: exhausted
    s.run(10_000);
    expect(book.mayBlockDeployments).toBe(true);
    expect(book.blockingBudget('a/m1', 10_000)).toBe('provider:a');
    expect(book.blockingBudget('a/m2', 59_999)).toBe('provider:a');
    expect(book.blockingBudget('b/m1', 10_000)).toBeUndefined();
    expect(book.blockingBudget('a/m1', 60_000)).toBeUndefined(); // a new window
    s.run(120_000);
    expect(book.mayBlockDeployments).toBe(false); // restored at the window's end
    expect(events).toEqual([
      { type: 'budget.exhausted', atMs: 10_000, budget: 'provider:a', windowStartMs: 0, spentUsd: 1, limitUsd: 1 },
      { type: 'health.changed', atMs: 10_000, deploymentId: 'a/m1', source: 'budget', excluded: true, reason: 'budget provider:a exhausted' },
      { type: 'health.changed', atMs: 10_000, deploymentId: 'a/m2', source: 'budget', excluded: true, reason: 'budget provider:a exhausted' },
      { type: 'health.changed', atMs: 60_000, deploymentId: 'a/m1', source: 'budget', excluded: false, reason: 'budget provider:a: new window' },
      { type: 'health.changed', atMs: 60_000, deploymentId: 'a/m2', source: 'budget', excluded: false, reason: 'budget provider:a: new window' },
    ]);
    expect(book.states[0].exhaustions).toEqual([{ windowStartMs: 0, atMs: 10_000, spentUsd: 1 }]);
    expect(book.states[0].totalSpentUsd).toBe(1);
  });

  it('model and deployment budgets cover what they name; spend in later windows starts from 0', () => {
    const { book } = setup([
      { scope: 'model', match: 'm1', limitUsd: 2, window: 'hour' },
      { name: 'just-b', scope: 'deployment', match: 'b/m1', limitUsd: 0.5, window: 'hour' },
    ]);
    const req = makeRequest();
    book.charge(b1, req, 0.5, 1_000);
    expect(book.blockingBudget('b/m1', 1_000)).toBe('just-b');
    expect(book.blockingBudget('a/m1', 1_000)).toBeUndefined(); // model m1: 0.5 of 2
    book.charge(a1, req, 1.5, 2_000);
    expect(book.blockingBudget('a/m1', 2_000)).toBe('model:m1');
    expect(book.blockingBudget('a/m2', 2_000)).toBeUndefined();
    book.charge(a1, req, 1.9, 3_600_000);
    expect(book.blockingBudget('a/m1', 3_600_000)).toBeUndefined();
    expect(book.states.map((b) => b.totalSpentUsd)).toEqual([3.9, 0.5]);
  });

  it('tenant and tag budgets refuse the requests they cover, not others, and block no deployment', () => {
    const { book } = setup([
      { scope: 'tenant', match: 'acme', limitUsd: 1, window: 'day' },
      { scope: 'tag', match: 'code', limitUsd: 1, window: 'day' },
    ]);
    const acme = makeRequest({ tenant: 'acme' });
    const code = makeRequest({ category: 'code' });
    book.charge(a1, acme, 1, 0);
    expect(book.refusingBudget(acme, 0)).toBe('tenant:acme');
    expect(book.refusingBudget(code, 0)).toBeUndefined();
    expect(book.refusingBudget(makeRequest({ tenant: 'other' }), 0)).toBeUndefined();
    expect(book.blockingBudget('a/m1', 0)).toBeUndefined();
    expect(book.mayBlockDeployments).toBe(false); // a tenant budget never takes deployments out
    book.charge(a1, code, 0.99, 0);
    expect(book.refusingBudget(code, 0)).toBeUndefined();
    expect(book.refusingBudget(acme, 86_400_000)).toBeUndefined();
  });

  it('stop() cancels the pending window-end announcements', () => {
    const { s, events, book } = setup([{ scope: 'provider', match: 'b', limitUsd: 1, window: 'minute' }]);
    book.charge(b1, makeRequest(), 2, 0);
    book.stop();
    s.run(120_000);
    expect(events.filter((e) => e.type === 'health.changed' && !e.excluded)).toEqual([]);
  });
});
