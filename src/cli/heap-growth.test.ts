import { describe, expect, it } from 'vitest';
import { limitHeapGrowth } from './heap-growth.js';

describe('limitHeapGrowth', () => {
  it("leaves a growing factor the user gave node alone, in either spelling", () => {
    expect(limitHeapGrowth(['--heap-growing-percent=0'])).toBe(false);
    expect(limitHeapGrowth(['--inspect', '--heap_growing_percent=20'])).toBe(false);
  });

  it('sets it otherwise (V8 accepts the flag at run time)', () => {
    expect(limitHeapGrowth(['--enable-source-maps'])).toBe(true);
  });
});
