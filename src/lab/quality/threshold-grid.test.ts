import { describe, expect, it } from 'vitest';
import { LabUsageError } from '../errors.js';
import { parseNoises, parseThresholds } from './threshold-grid.js';

describe('--thresholds / --noise grids', () => {
  it('start:end:step includes the end when the steps land on it, without float dust', () => {
    const t = parseThresholds('0:1:0.05');
    expect(t).toHaveLength(21);
    expect(t[6]).toBe(0.3);
    expect(t[20]).toBe(1);
    expect(parseThresholds('0.1:0.35:0.1')).toEqual([0.1, 0.2, 0.3]);
  });

  it('lists are sorted and deduplicated', () => {
    expect(parseThresholds('0.9, 0.1,0.5,0.1')).toEqual([0.1, 0.5, 0.9]);
    expect(parseNoises('2,0,0.5')).toEqual([0, 0.5, 2]);
  });

  it('rejects values out of range, bad numbers, a zero step and reversed ranges', () => {
    for (const bad of ['0:1.5:0.5', '1.2', 'x,0.5', '0:1:0', '1:0:0.1', '', '0,,1']) {
      expect(() => parseThresholds(bad), bad).toThrow(LabUsageError);
    }
    expect(() => parseNoises('-1')).toThrow(/outside/);
  });
});
