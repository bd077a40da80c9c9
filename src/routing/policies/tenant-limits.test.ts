import { describe, expect, it } from 'vitest';
import { tenantLimitsSchema } from '../../config/budget-policies-schema.js';
import { makeRequest } from '../strategies/test-fixtures.js';
import { TenantLimits } from './tenant-limits.js';

describe('TenantLimits', () => {
  it('requests: the (limit+1)th in a window is refused, the next window admits again', () => {
    const t = new TenantLimits(tenantLimitsSchema.parse({ default: { window: 'minute', requests: 2 } }));
    const r = makeRequest({ tenant: 'x' });
    expect([t.admit(r, 0), t.admit(r, 1), t.admit(r, 59_999), t.admit(r, 60_000)]).toEqual([undefined, undefined, 'requests', undefined]);
    expect(t.usedAt('x', 'requests', 60_000)).toBe(1);
  });

  it('input and total tokens: refused when the prompt would go over; output tokens and dollars: once used up', () => {
    const t = new TenantLimits(tenantLimitsSchema.parse({ tenants: { x: { window: 'hour', inputTokens: 1_100, totalTokens: 1_500, outputTokens: 300, costUsd: 1 } } }));
    const big = makeRequest({ tenant: 'x', inputTokens: 600 });
    expect(t.admit(big, 0)).toBeUndefined();
    expect(t.admit(big, 0)).toBe('inputTokens'); // 600 + 600 > 1,100
    t.answered(big, 299, 0);
    expect(t.admit(makeRequest({ tenant: 'x', inputTokens: 400 }), 0)).toBeUndefined(); // output 299 < 300; total 600+299+400 = 1,299
    t.answered(big, 1, 0);
    expect(t.admit(makeRequest({ tenant: 'x', inputTokens: 0 }), 0)).toBe('outputTokens');
    expect(t.usedAt('x', 'totalTokens', 0)).toBe(1_300);
    t.charge(big, 1, 3_600_000);
    expect(t.admit(makeRequest({ tenant: 'x', inputTokens: 10 }), 3_600_000)).toBe('costUsd');
  });

  it('tenants without limits and requests without a tenant are never limited', () => {
    const t = new TenantLimits(tenantLimitsSchema.parse({ tenants: { x: { requests: 1 } } }));
    for (let i = 0; i < 5; i++) {
      expect(t.admit(makeRequest({ tenant: 'y' }), 0)).toBeUndefined();
      expect(t.admit(makeRequest(), 0)).toBeUndefined();
    }
    expect(t.admit(makeRequest({ tenant: 'x' }), 0)).toBeUndefined();
    expect(t.admit(makeRequest({ tenant: 'x' }), 0)).toBe('requests');
  });

  it('holds only limited tenants of the current window: many one-off names are swept, exactly (a returning tenant reads zeros as before)', () => {
    const t = new TenantLimits(tenantLimitsSchema.parse({ default: { window: 'minute', requests: 1 }, tenants: {} }));
    const unlimited = new TenantLimits(tenantLimitsSchema.parse({ tenants: { x: { requests: 1 } } }));
    for (let i = 0; i < 50_000; i++) {
      const nowMs = i * 10; // 500 s: eight minute windows
      expect(t.admit(makeRequest({ tenant: `t${i}` }), nowMs)).toBeUndefined();
      unlimited.admit(makeRequest({ tenant: `t${i}` }), nowMs);
    }
    // A minute holds 6,000 names; sweeps at each doubling keep the map within twice that.
    expect(t.trackedTenants).toBeLessThanOrEqual(2 * 6_000);
    expect(unlimited.trackedTenants).toBe(0);
    // Within the window a tenant is still refused; t0's window ended, so it starts afresh.
    expect(t.admit(makeRequest({ tenant: 't49999' }), 499_995)).toBe('requests');
    expect(t.admit(makeRequest({ tenant: 't0' }), 499_995)).toBeUndefined();
  });

  it("a tenant named after Object.prototype's members gets the default limit, not the prototype's", () => {
    const t = new TenantLimits(tenantLimitsSchema.parse({ default: { requests: 1 } }));
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(t.admit(makeRequest({ tenant: name }), 0), name).toBeUndefined();
      expect(t.admit(makeRequest({ tenant: name }), 0), name).toBe('requests');
    }
  });
});
