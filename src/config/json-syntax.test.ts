import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './json-syntax.js';

/** JSON.parse is the oracle for validity; the checker adds positions and paths. */
function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const JSONISH = fc.constantFrom(...'{}[]:,"\\ \n\t-+.0123456789eEtrufalsn/x'.split(''));

describe('findJsonSyntaxError', () => {
  it('accepts every serialised JSON value, pretty or compact', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(findJsonSyntaxError(JSON.stringify(v))).toBeUndefined();
        expect(findJsonSyntaxError(JSON.stringify(v, null, 2))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with JSON.parse on random JSON-ish text and on one-character edits of valid JSON', () => {
    fc.assert(
      fc.property(fc.string({ unit: JSONISH, maxLength: 30 }), (s) => {
        expect(findJsonSyntaxError(s) === undefined).toBe(parses(s));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.nat(), JSONISH, fc.boolean(), (v, at, ch, insert) => {
        const text = JSON.stringify(v);
        const i = at % (text.length + 1);
        const edited = insert ? text.slice(0, i) + ch + text.slice(i) : text.slice(0, i) + text.slice(i + 1);
        expect(findJsonSyntaxError(edited) === undefined).toBe(parses(edited));
      }),
      { numRuns: 300 },
    );
  });

  it('names trailing commas, comments and single quotes, with offset and path', () => {
    expect(findJsonSyntaxError('{"a": [1, 2,]}')).toEqual({ offset: 11, message: 'trailing comma is not allowed in JSON', path: ['a'] });
    expect(findJsonSyntaxError('{"a": 1,}')).toEqual({ offset: 7, message: 'trailing comma is not allowed in JSON', path: [] });
    expect(findJsonSyntaxError('{"p": [{"x": 1}, {"y": tru}]}')).toMatchObject({ offset: 23, path: ['p', 1, 'y'] });
    expect(findJsonSyntaxError('{ // hi\n}')).toMatchObject({ offset: 2, message: expect.stringContaining("found '/'") });
    expect(findJsonSyntaxError("['a']")).toMatchObject({ offset: 1, message: 'JSON strings need double quotes', path: [0] });
    expect(findJsonSyntaxError('{"a": "b')).toMatchObject({ offset: 6, message: 'unterminated string' });
    expect(findJsonSyntaxError('[1] [2]')).toMatchObject({ offset: 4, message: expect.stringContaining('after the end') });
    expect(findJsonSyntaxError('')).toMatchObject({ offset: 0, message: 'expected a value, found end of file' });
  });

  it('does not recurse: 100,000 nested arrays are fine', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(findJsonSyntaxError(deep)).toBeUndefined();
  });
});
