import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStableJson, toStableJson } from './stable-json.js';

describe('stable JSON', () => {
  it('sorts keys at every depth and ends with a newline', () => {
    expect(toStableJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } }, 0)).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}\n');
  });

  it('writes non-finite numbers as null and drops undefined fields', () => {
    expect(toStableJson({ a: NaN, b: Infinity, c: -Infinity, d: undefined, e: [NaN, undefined] }, 0)).toBe('{"a":null,"b":null,"c":null,"e":[null,null]}\n');
  });

  it('gives the same bytes whatever order objects were built in (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.double(), fc.string(), fc.boolean())), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(toStableJson(reversed)).toBe(toStableJson(obj));
      }),
    );
  });

  it('reads null back as NaN', () => {
    const back = parseStableJson(toStableJson({ x: NaN, y: [1, Infinity], z: 'ok' })) as { x: number; y: number[]; z: string };
    expect(back.x).toBeNaN();
    expect(back.y[0]).toBe(1);
    expect(back.y[1]).toBeNaN();
    expect(back.z).toBe('ok');
  });
});
