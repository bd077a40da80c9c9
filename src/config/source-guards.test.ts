import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from './scenario-error.js';
import {
  checkNestingDepth,
  checkScenarioText,
  decodeScenarioBytes,
  firstInvalidUtf8Offset,
  MAX_NESTING_DEPTH,
  MAX_SCENARIO_BYTES,
} from './source-guards.js';

function decodes(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function thrown(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('expected a ScenarioError');
}

/** Bytes biased towards UTF-8 lead and continuation bytes, so invalid spots are subtle. */
const utf8ish = fc.uint8Array({ maxLength: 24 }).map((a) => a.map((b) => (b < 128 ? b : b % 2 === 0 ? 0x80 + (b % 64) : 0xc0 + (b % 64))));
const validText = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => new TextEncoder().encode(s));

describe('firstInvalidUtf8Offset (TextDecoder is the oracle)', () => {
  it('is -1 exactly when the bytes decode, and the bytes before it always decode', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 24 }), utf8ish, validText), (bytes) => {
        const at = firstInvalidUtf8Offset(bytes);
        expect(at === -1).toBe(decodes(bytes));
        if (at >= 0) expect(decodes(bytes.subarray(0, at))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects overlongs, surrogates and code points above U+10FFFF', () => {
    expect(firstInvalidUtf8Offset(Uint8Array.from([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Offset(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8Offset(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8Offset(new TextEncoder().encode('héllo €𝄞'))).toBe(-1);
  });
});

describe('decodeScenarioBytes', () => {
  it('decodes UTF-8 and drops a byte-order mark', () => {
    expect(decodeScenarioBytes(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]), 'f.yaml')).toBe('a');
  });

  it('reports the invalid byte with its line and byte column', () => {
    const e = thrown(() => decodeScenarioBytes(Uint8Array.from([0x61, 0x0a, 0x62, 0x63, 0xff]), 'f.yaml'));
    expect([e.line, e.column]).toEqual([2, 3]);
    expect(e.message).toContain('invalid UTF-8 byte 0xff at byte offset 4');
  });

  it('refuses files over the size limit before looking at them', () => {
    const e = thrown(() => decodeScenarioBytes(new Uint8Array(MAX_SCENARIO_BYTES + 1), 'big.yaml'));
    expect(e.message).toContain('file is too large');
  });
});

describe('checkScenarioText', () => {
  it('refuses empty, whitespace-only and control characters; accepts tabs and CRLF', () => {
    expect(thrown(() => checkScenarioText('', 'f')).message).toBe('f: file is empty');
    expect(thrown(() => checkScenarioText('\uFEFF', 'f')).message).toBe('f: file is empty');
    expect(thrown(() => checkScenarioText(' \r\n\t', 'f')).message).toBe('f: file is empty (only whitespace)');
    expect(thrown(() => checkScenarioText('a: 1\nb: \u0000', 'f')).message).toBe('f:2:4: binary data (NUL character); a scenario must be a YAML or JSON text file');
    expect(() => checkScenarioText('a:\r\n\tb', 'f')).not.toThrow();
  });
});

describe('checkNestingDepth', () => {
  const flow = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it(`allows exactly ${MAX_NESTING_DEPTH} levels and refuses ${MAX_NESTING_DEPTH + 1}, in flow and block style`, () => {
    expect(() => checkNestingDepth(flow(MAX_NESTING_DEPTH), 'f')).not.toThrow();
    expect(thrown(() => checkNestingDepth(flow(MAX_NESTING_DEPTH + 1), 'f')).column).toBe(MAX_NESTING_DEPTH + 1);
    const block = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1';
    expect(() => checkNestingDepth(block(MAX_NESTING_DEPTH), 'f')).not.toThrow();
    const e = thrown(() => checkNestingDepth(block(MAX_NESTING_DEPTH + 1), 'f'));
    expect(e.line).toBe(MAX_NESTING_DEPTH + 1);
    expect(e.path.slice(0, 3)).toEqual(['k0', 'k1', 'k2']);
  });
});
