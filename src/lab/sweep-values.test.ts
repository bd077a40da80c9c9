import { describe, expect, it } from 'vitest';
import { parseSetArg, splitValues } from './sweep-settings.js';
import { overridesOf } from './sweep.js';

describe('sweep values: booleans, enums and whole objects', () => {
  it('splits on commas outside braces, brackets and quotes', () => {
    expect(splitValues('false,true,{consecutiveFailures: 2, openMs: 10000}')).toEqual(['false', 'true', '{consecutiveFailures: 2, openMs: 10000}']);
    expect(splitValues("a,'b,c',[1, 2]")).toEqual(['a', "'b,c'", '[1, 2]']);
    expect(parseSetArg('router.circuitBreaker=false,{openMs: 5000, consecutiveFailures: 3}').values).toEqual([false, '{openMs: 5000, consecutiveFailures: 3}']);
    expect(parseSetArg('router.strategy=cost,p2c-ewma').values).toEqual(['cost', 'p2c-ewma']);
  });

  it('applies an object as that object, and true as on: the scenario\'s own mapping, else the defaults', () => {
    const raw = { router: { circuitBreaker: { consecutiveFailures: 5, openMs: 30000 }, cooldown: false } };
    expect(overridesOf(raw, { 'router.circuitBreaker': '{openMs: 5000}' })).toEqual({ 'router.circuitBreaker': { openMs: 5000 } });
    expect(overridesOf(raw, { 'router.circuitBreaker': true })).toEqual({ 'router.circuitBreaker': { consecutiveFailures: 5, openMs: 30000 } });
    expect(overridesOf(raw, { 'router.cooldown': true })).toEqual({ 'router.cooldown': {} });
    expect(overridesOf({ router: {} }, { 'router.hedging': true })).toEqual({ 'router.hedging': {} });
    // Not a mapping setting: true stays true (the schema then says what it expects).
    expect(overridesOf(raw, { 'router.retries.maxRetries': true })).toEqual({ 'router.retries.maxRetries': true });
    expect(overridesOf(raw, { 'router.circuitBreaker': false })).toEqual({ 'router.circuitBreaker': false });
  });
});
