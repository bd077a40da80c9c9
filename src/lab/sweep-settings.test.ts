import { describe, expect, it } from 'vitest';
import { SweepSetError } from './errors.js';
import { checkSetPath, parseSetArg, parseSetArgs, parseSetValue, sweepGrid } from './sweep-settings.js';

describe('--set parsing', () => {
  it('reads numbers, booleans and strings', () => {
    expect(parseSetValue('10')).toBe(10);
    expect(parseSetValue('-2.5e3')).toBe(-2500);
    expect(parseSetValue('.5')).toBe(0.5);
    expect(parseSetValue('true')).toBe(true);
    expect(parseSetValue('false')).toBe(false);
    expect(parseSetValue('p2c-ewma')).toBe('p2c-ewma');
    expect(parseSetValue("'10'")).toBe('10');
    expect(parseSetValue('"true"')).toBe('true');
    expect(parseSetValue('1e')).toBe('1e');
  });

  it('splits an axis into its values', () => {
    expect(parseSetArg('traffic.arrivals.ratePerS=2,4, 8')).toEqual({ path: 'traffic.arrivals.ratePerS', values: [2, 4, 8] });
    expect(parseSetArg('router.strategy=round-robin,p2c')).toEqual({ path: 'router.strategy', values: ['round-robin', 'p2c'] });
  });

  it('rejects malformed arguments with the argument in the message', () => {
    expect(() => parseSetArg('traffic.arrivals.ratePerS')).toThrow(/--set traffic.arrivals.ratePerS: expected 'path=value1,value2,...'/);
    expect(() => parseSetArg('=1,2')).toThrow(SweepSetError);
    expect(() => parseSetArg('a..b=1')).toThrow(/malformed path/);
    expect(() => parseSetArg('durationS=1,,2')).toThrow(/empty value/);
    expect(() => parseSetArg('durationS=1,1')).toThrow(/listed twice/);
    expect(() => parseSetArgs(['durationS=1', 'durationS=2'])).toThrow(/set twice/);
    expect(() => parseSetArgs([])).toThrow(/at least one --set/);
  });
});

describe('sweep grid', () => {
  it('is the cartesian product, first axis slowest', () => {
    const grid = sweepGrid([
      { path: 'a', values: [1, 2] },
      { path: 'b', values: ['x', 'y', 'z'] },
    ]);
    expect(grid).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 1, b: 'z' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
      { a: 2, b: 'z' },
    ]);
  });
});

describe('checkSetPath', () => {
  const raw = {
    name: 't',
    durationS: 60,
    traffic: { arrivals: { kind: 'poisson', ratePerS: 5 } },
    providers: [
      { id: 'a', models: [{ id: 'm' }], latency: { ttftMs: 300 } },
      { id: 'b', models: [{ id: 'm' }] },
    ],
    router: { strategy: 'p2c', circuitBreaker: false },
  };

  it('accepts paths present in the file, paths the schema knows, ids and indexes', () => {
    for (const p of [
      'traffic.arrivals.ratePerS',
      'providers.0.capacity.maxConcurrent',
      'providers[1].weight',
      'providers.b.weight',
      'metrics.warmupS',
      'router.retries.maxRetries',
      'router.strategyParams.p2c.anything', // free-form mapping
      'providers.a.latency.ttftMs',
    ]) {
      expect(() => checkSetPath(raw, p), p).not.toThrow();
    }
  });

  it('rejects unknown keys with a suggestion', () => {
    expect(() => checkSetPath(raw, 'traffic.arrivals.ratePerSec')).toThrow(
      "--set traffic.arrivals.ratePerSec: unknown path: traffic.arrivals has no setting 'ratePerSec'; did you mean 'ratePerS'?",
    );
    expect(() => checkSetPath(raw, 'trafic.arrivals.ratePerS')).toThrow(/the scenario has no setting 'trafic'; did you mean 'traffic'\?/);
    expect(() => checkSetPath(raw, 'metrics.bucket')).toThrow(/metrics has no setting 'bucket'/);
  });

  it('rejects list items that do not exist', () => {
    expect(() => checkSetPath(raw, 'providers.5.weight')).toThrow(/providers has 2 items \(indexes 0–1\)/);
    expect(() => checkSetPath(raw, 'providers.c.weight')).toThrow(/providers has no item with id 'c'/);
  });

  it('rejects keys inside values that are not mappings', () => {
    expect(() => checkSetPath(raw, 'router.circuitBreaker.openMs')).toThrow(/router.circuitBreaker: it is false in the scenario, not a mapping/);
    expect(() => checkSetPath(raw, 'providers.0.latency.ttftMs.median')).toThrow(/it is 300 in the scenario/);
  });
});
