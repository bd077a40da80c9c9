import { describe, expect, it } from 'vitest';
import { fmix32, fnv1a32, hashKey } from './hash.js';

/** Reference FNV-1a over an explicit byte array, the textbook loop. */
function fnv1aBytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash >>> 0;
}

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes of non-ASCII text, including surrogate pairs', () => {
    for (const text of ['é', 'naïve café', '日本語', 'emoji 😀 ok', '\u07ff\u0800']) {
      expect(fnv1a32(text)).toBe(fnv1aBytes(new TextEncoder().encode(text)));
    }
  });
});

describe('hashKey', () => {
  it('is fmix32 of fnv1a32 and stays in [0, 2^32)', () => {
    for (const key of ['client-1', 'client-2', '', 'x'.repeat(1000)]) {
      const h = hashKey(key);
      expect(h).toBe(fmix32(fnv1a32(key)));
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });

  it('fmix32 maps 0 to 0 and is a bijection on a sample (no collisions among 10k inputs)', () => {
    expect(fmix32(0)).toBe(0);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(fmix32(i));
    expect(seen.size).toBe(10_000);
  });

  it('spreads sequential keys evenly over 10 buckets (chi-square below the 0.999 quantile)', () => {
    const buckets = new Array<number>(10).fill(0);
    const n = 20_000;
    for (let i = 0; i < n; i++) buckets[hashKey(`user-${i}`) % 10]++;
    const expected = n / 10;
    const chiSquare = buckets.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.88); // chi-square, 9 degrees of freedom, p = 0.999
  });
});
