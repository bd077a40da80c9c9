import { SECONDS_PER_DAY } from '../../core/civil-time.js';
import type { GenaiConstraint, GenaiModel, GenaiPriceSet } from './genai-price-table.js';
import type { PriceChange, PriceSchedule } from './price-quote.js';

/**
 * Turns a genai-prices model's conditional prices into a scenario price schedule: the price
 * in force at simulated second 0 and a price change at every simulated second where the
 * price in force changes (a new dated price, or the edge of a daily window).
 *
 * Simulated second 0 is `startEpochS` (the scenario's `pricingStartDate`). Without it no
 * calendar applies: every dated price counts as started (the table's newest price) and daily
 * windows never apply.
 */
export interface ScheduleWindow {
  readonly startEpochS?: number;
  readonly durationS: number;
  /** Refuse to expand more changes than this (daily windows over a very long horizon). */
  readonly maxChanges?: number;
}

export class PriceScheduleTooLongError extends Error {
  override readonly name = 'PriceScheduleTooLongError';
}

const DEFAULT_MAX_CHANGES = 20_000;

function met(c: GenaiConstraint, atEpochS: number | undefined): boolean {
  if (c.kind === 'from') return atEpochS === undefined || atEpochS >= c.atEpochS;
  if (atEpochS === undefined) return false;
  const tod = ((atEpochS % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
  return c.startS < c.endS ? tod >= c.startS && tod < c.endS : tod >= c.startS || tod < c.endS;
}

/** The price in force at an instant: the last conditional price whose constraint holds, else the first. */
function genaiPriceAt(model: GenaiModel, atEpochS: number | undefined): GenaiPriceSet {
  for (let i = model.prices.length - 1; i >= 0; i--) {
    const c = model.prices[i].constraint;
    if (c === undefined || met(c, atEpochS)) return model.prices[i].prices;
  }
  return model.prices[0].prices;
}

/** Simulated seconds in (0, durationS) where some constraint starts or ends holding. */
function breakpoints(model: GenaiModel, startEpochS: number, durationS: number, maxChanges: number): number[] {
  const out = new Set<number>();
  const add = (epochS: number) => {
    const t = epochS - startEpochS;
    if (t > 0 && t < durationS) out.add(t);
  };
  for (const { constraint: c } of model.prices) {
    if (c === undefined) continue;
    if (c.kind === 'from') add(c.atEpochS);
    else {
      const firstDay = Math.floor(startEpochS / SECONDS_PER_DAY);
      const lastDay = Math.floor((startEpochS + durationS) / SECONDS_PER_DAY);
      if (2 * (lastDay - firstDay + 1) > maxChanges) {
        throw new PriceScheduleTooLongError(`daily price windows over ${lastDay - firstDay + 1} days would need more than ${maxChanges} price changes; shorten durationS`);
      }
      for (let day = firstDay; day <= lastDay; day++) {
        add(day * SECONDS_PER_DAY + c.startS);
        add(day * SECONDS_PER_DAY + c.endS);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

const same = (a: GenaiPriceSet, b: GenaiPriceSet) =>
  a.inputUsdPerMTok === b.inputUsdPerMTok && a.outputUsdPerMTok === b.outputUsdPerMTok && a.cachedInputUsdPerMTok === b.cachedInputUsdPerMTok;

export function genaiSchedule(model: GenaiModel, window: ScheduleWindow): PriceSchedule {
  const { startEpochS, durationS } = window;
  const first = genaiPriceAt(model, startEpochS);
  const initial = { ...first, ...(model.contextWindowTokens !== undefined ? { contextWindowTokens: model.contextWindowTokens } : {}) };
  if (startEpochS === undefined || !(durationS > 0)) return { initial, changes: [] };
  const changes: PriceChange[] = [];
  let current = first;
  for (const t of breakpoints(model, startEpochS, durationS, window.maxChanges ?? DEFAULT_MAX_CHANGES)) {
    const next = genaiPriceAt(model, startEpochS + t);
    if (same(next, current)) continue;
    changes.push({ atS: t, ...next });
    current = next;
  }
  return { initial, changes };
}
