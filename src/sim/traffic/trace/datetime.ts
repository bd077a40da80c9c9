/**
 * Deterministic datetime text → epoch milliseconds, without `Date` (whose parsing of
 * non-ISO text and local time zones differs between engines and machines). Accepts
 * `YYYY-MM-DD`, then optionally ` ` or `T` and `HH:MM[:SS[.fraction]]` (any number of
 * fraction digits, kept to sub-millisecond precision), then optionally `Z` or `±HH[:MM]`.
 * Without a zone the text is read as UTC. Returns NaN for anything else.
 */

import { daysFromCivil, daysInMonth } from '../../../core/civil-time.js';

const RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const MS_PER_DAY = 86_400_000;

export function parseDateTimeMs(text: string): number {
  const m = RE.exec(text.trim());
  if (m === null) return NaN;
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  // "0.9799600" s → 979.96 ms: the fraction as a decimal number of seconds.
  const fractionMs = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  let offsetMin = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 23 || om > 59) return NaN;
    offsetMin = sign * (oh * 60 + om);
  }
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute - offsetMin) * 60 + second) * 1000 + fractionMs;
}
