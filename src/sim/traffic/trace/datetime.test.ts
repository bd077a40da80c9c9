import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil } from '../../../core/civil-time.js';
import { parseDateTimeMs } from './datetime.js';

describe('parseDateTimeMs (no Date in src; Date.UTC is the oracle here)', () => {
  it('reads the Azure trace format with 7 fraction digits', () => {
    expect(parseDateTimeMs('2023-11-16 18:17:03.9799600')).toBeCloseTo(Date.UTC(2023, 10, 16, 18, 17, 3) + 979.96, 3);
    expect(parseDateTimeMs('1970-01-01 00:00:00')).toBe(0);
    expect(parseDateTimeMs('1970-01-01')).toBe(0);
  });

  it('handles T, Z and ±hh:mm offsets', () => {
    const utc = Date.UTC(2024, 1, 29, 12, 30, 0);
    expect(parseDateTimeMs('2024-02-29T12:30:00Z')).toBe(utc);
    expect(parseDateTimeMs('2024-02-29T14:30:00+02:00')).toBe(utc);
    expect(parseDateTimeMs('2024-02-29T07:00:00-0530')).toBe(utc);
    expect(parseDateTimeMs('2024-02-29 12:30')).toBe(utc);
  });

  it('refuses impossible dates and non-datetimes', () => {
    for (const bad of ['2023-02-29', '2023-13-01', '2023-00-10', '2023-04-31', '2023-01-01 24:00:00', '2023-01-01 10:60', '16/11/2023', '', '2023-1-1', '1700000000'])
      expect(parseDateTimeMs(bad)).toBeNaN();
    expect(parseDateTimeMs('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
    expect(parseDateTimeMs('1900-02-29')).toBeNaN();
  });

  it('agrees with Date.UTC on random datetimes from year 1 to 9999', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 999 }),
        (y, mo, d, h, mi, s, ms) => {
          const text = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')} ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
          const oracle = new Date(0);
          oracle.setUTCFullYear(y, mo - 1, d);
          oracle.setUTCHours(h, mi, s, ms);
          expect(parseDateTimeMs(text)).toBe(oracle.getTime());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('daysFromCivil counts 146097 days per 400 years and is consecutive across month ends', () => {
    expect(daysFromCivil(2400, 1, 1) - daysFromCivil(2000, 1, 1)).toBe(146_097);
    expect(daysFromCivil(2024, 3, 1) - daysFromCivil(2024, 2, 29)).toBe(1);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
  });
});
