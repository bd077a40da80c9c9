import { describe, expect, it } from 'vitest';
import { budgetSchema } from '../config/budget-policies-schema.js';
import { budgetSummaryOf } from './budget-summary.js';

const config = budgetSchema.parse({ scope: 'provider', match: 'a', limitUsd: 60, window: 'hour' });

describe('budgetSummaryOf', () => {
  it('a budget that ran out: the rate is its first window spend over the time to exhaustion, and the forecast is limit / rate', () => {
    const [b] = budgetSummaryOf([{ name: 'a', config, windowMs: 3_600_000, totalSpentUsd: 130, exhaustions: [{ windowStartMs: 0, atMs: 1_200_000, spentUsd: 60.5 }, { windowStartMs: 3_600_000, atMs: 4_900_000, spentUsd: 60 }] }], 7_200_000);
    expect(b.spendRateUsdPerS).toBe(60.5 / 1_200);
    expect(b.runsOutAfterS).toBeCloseTo((60 * 1_200) / 60.5, 9);
    expect(b.exhaustions).toEqual([{ windowStartS: 0, atS: 1_200, spentUsd: 60.5 }, { windowStartS: 3_600, atS: 4_900, spentUsd: 60 }]);
    expect([b.name, b.scope, b.match, b.window, b.limitUsd, b.spentUsd]).toEqual(['a', 'provider', 'a', 'hour', 60, 130]);
  });

  it('a budget that never ran out: the run-wide rate, forecasting beyond the window; no spend: NaN', () => {
    const [b, idle] = budgetSummaryOf([
      { name: 'a', config, windowMs: 3_600_000, totalSpentUsd: 36, exhaustions: [] },
      { name: 'b', config, windowMs: 3_600_000, totalSpentUsd: 0, exhaustions: [] },
    ], 3_600_000);
    expect(b.spendRateUsdPerS).toBe(0.01);
    expect(b.runsOutAfterS).toBe(6_000);
    expect(idle.runsOutAfterS).toBeNaN();
  });
});
