import { describe, expect, it } from 'vitest';
import { statusRulesSchema } from '../../config/admission-schema.js';
import type { AttemptOutcome, AttemptOutcomeKind } from '../types.js';
import { StatusRules, statusOf } from './status-rules.js';

const outcome = (kind: AttemptOutcomeKind, statusCode?: number): AttemptOutcome => ({ kind, latencyMs: 1, inputTokens: 1, outputTokens: 0, costUsd: 0, statusCode });

describe('StatusRules', () => {
  it('a rule matches by kind or by status code; a reported status wins over the nominal one', () => {
    const r = new StatusRules(statusRulesSchema.parse({ retryOn: ['rate-limited', 503] }));
    expect(r.retries(outcome('rate-limited'))).toBe(true);
    expect(r.retries(outcome('overloaded'))).toBe(true); // nominal 503
    expect(r.retries(outcome('overloaded', 529))).toBe(false);
    expect(r.retries(outcome('server-error', 503))).toBe(true);
    expect(r.retries(outcome('server-error'))).toBe(false);
    expect(statusOf(outcome('timeout'))).toBe(504);
  });

  it('absent lists keep the usual behaviour; per-kind retry counts only for the kinds named', () => {
    const r = new StatusRules(statusRulesSchema.parse({ maxRetriesByKind: { 'rate-limited': 4 } }));
    expect(r.retries(outcome('server-error'))).toBe(true);
    expect(r.fallsBack(outcome('context-exceeded'))).toBe(true);
    expect(r.maxRetriesAfter('rate-limited')).toBe(4);
    expect(r.maxRetriesAfter('timeout')).toBeUndefined();
    expect(r.breakerFailure(outcome('server-error'))).toBe(true);
    expect(r.breakerFailure(outcome('rate-limited'))).toBe(false);
    const b = new StatusRules(statusRulesSchema.parse({ breakerFailureOn: [429] }));
    expect(b.breakerFailure(outcome('rate-limited'))).toBe(true);
    expect(b.breakerFailure(outcome('server-error'))).toBe(false);
  });
});
