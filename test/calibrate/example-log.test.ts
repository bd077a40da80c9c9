/**
 * The shipped example log is exactly what the ground-truth generator writes for
 * EXAMPLE_TRUTH (so anyone can regenerate it and knows the truth behind it).
 * UPDATE_EXAMPLE_LOG=1 rewrites it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateGroundTruthLog } from '../support/ground-truth-log.js';
import { EXAMPLE_TRUTH } from './example-truth.js';

const FILE = new URL('../../scenarios/calibrate-example/gateway-requests.jsonl', import.meta.url);

describe('calibrate example log', () => {
  it('is the generator output for EXAMPLE_TRUTH and under 1 MB', () => {
    const text = generateGroundTruthLog(EXAMPLE_TRUTH).map((r) => JSON.stringify(r)).join('\n') + '\n';
    if (process.env.UPDATE_EXAMPLE_LOG === '1') writeFileSync(FILE, text);
    expect(readFileSync(FILE, 'utf8')).toBe(text);
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
  });
});
