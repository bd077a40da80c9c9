import { describe, expect, it } from 'vitest';
import { daysFromCivil, parseIsoInstant, parseTimeOfDay } from './civil-time.js';

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

  it('parses instants with times and zones, rejects impossible dates', () => {
    expect(parseIsoInstant('2024-01-01T00:30:00Z')).toBe(parseIsoInstant('2024-01-01')! + 1800);
    expect(parseIsoInstant('2024-01-01T02:30+02:00')).toBe(parseIsoInstant('2024-01-01')! + 1800);
    expect(parseIsoInstant('2024-01-01 00:00:01.5')).toBe(parseIsoInstant('2024-01-01')! + 1.5);
    expect(parseIsoInstant('2025-02-29')).toBeUndefined();
    expect(parseIsoInstant('2024-02-29')).toBeDefined();
    expect(parseIsoInstant('2024-13-01')).toBeUndefined();
    expect(parseIsoInstant('2024-01-01T25:00Z')).toBeUndefined();
    expect(parseIsoInstant('yesterday')).toBeUndefined();
  });

  it('parses daily clock times into seconds after midnight UTC', () => {
    expect(parseTimeOfDay('00:30:00Z')).toBe(1800);
    expect(parseTimeOfDay('16:30')).toBe(59_400);
    expect(parseTimeOfDay('01:00+02:00')).toBe(82_800); // 23:00 UTC the day before
    expect(parseTimeOfDay('noon')).toBeUndefined();
  });
});
