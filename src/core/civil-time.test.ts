import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, formatIsoDate, parseIsoInstant, parseTimeOfDay } from './civil-time.js';

describe('civil time', () => {
  it('known day numbers (epoch, leap days, century rules)', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(11_017);
    expect(daysFromCivil(2000, 2, 29) + 1).toBe(daysFromCivil(2000, 3, 1));
    expect(daysFromCivil(1900, 3, 1) - daysFromCivil(1900, 2, 28)).toBe(1); // 1900 is not a leap year
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    // 2025-06-10 is 1,749,513,600 s after the epoch (the o3 price cut in genai-prices).
    expect(parseIsoInstant('2025-06-10')).toBe(1_749_513_600);
  });

  it('civilFromDays inverts daysFromCivil over ±3000 years', () => {
    fc.assert(fc.property(fc.integer({ min: -1_100_000, max: 1_100_000 }), (d) => {
      const { year, month, day } = civilFromDays(d);
      return daysFromCivil(year, month, day) === d && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }));
  });

  it('parses instants with times and zones, rejects impossible dates', () => {
    expect(parseIsoInstant('2024-01-01T00:30:00Z')).toBe(parseIsoInstant('2024-01-01')! + 1800);
    expect(parseIsoInstant('2024-01-01T02:30+02:00')).toBe(parseIsoInstant('2024-01-01')! + 1800);
    expect(parseIsoInstant('2024-01-01 00:00:01.5')).toBe(parseIsoInstant('2024-01-01')! + 1.5);
    expect(parseIsoInstant('2025-02-29')).toBeUndefined();
    expect(parseIsoInstant('2024-02-29')).toBeDefined();
    expect(parseIsoInstant('2024-13-01')).toBeUndefined();
    expect(parseIsoInstant('2024-01-01T25:00Z')).toBeUndefined();
    expect(parseIsoInstant('yesterday')).toBeUndefined();
    expect(formatIsoDate(parseIsoInstant('2026-09-01T23:59:59Z')!)).toBe('2026-09-01');
  });

  it('parses daily clock times into seconds after midnight UTC', () => {
    expect(parseTimeOfDay('00:30:00Z')).toBe(1800);
    expect(parseTimeOfDay('16:30')).toBe(59_400);
    expect(parseTimeOfDay('01:00+02:00')).toBe(82_800); // 23:00 UTC the day before
    expect(parseTimeOfDay('noon')).toBeUndefined();
  });
});
