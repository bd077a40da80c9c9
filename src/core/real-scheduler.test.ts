import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_DELAY_MS, RealScheduler } from './real-scheduler.js';

afterEach(() => vi.useRealTimers());

const DAY_MS = 86_400_000;

describe('RealScheduler', () => {
  it('fires a delay beyond 2^31-1 ms (a 30-day deadline) on time, not after 1 ms', () => {
    vi.useFakeTimers();
    const s = new RealScheduler();
    const fired: number[] = [];
    s.schedule(30 * DAY_MS, () => fired.push(s.now()));
    vi.advanceTimersByTime(1_000);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(30 * DAY_MS - MAX_TIMER_DELAY_MS - 1_001);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([30 * DAY_MS]);
  });

  it('cancels a chained long delay at any link', () => {
    vi.useFakeTimers();
    const s = new RealScheduler();
    let fired = 0;
    const cancel = s.schedule(60 * DAY_MS, () => fired++);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS + 5);
    cancel();
    vi.advanceTimersByTime(60 * DAY_MS);
    expect(fired).toBe(0);
  });

  it('reports a throwing callback and keeps running the others', () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    const s = new RealScheduler({ onCallbackError: (e) => errors.push(e) });
    const ran: string[] = [];
    s.schedule(10, () => ran.push('a'));
    s.schedule(20, () => {
      throw new Error('boom');
    });
    s.schedule(30, () => ran.push('c'));
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['a', 'c']);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  });

  it('without a reporter keeps the newest 100 errors and counts them all', () => {
    vi.useFakeTimers();
    const s = new RealScheduler();
    let ran = 0;
    for (let i = 0; i < 150; i++) {
      s.schedule(i, () => {
        throw new Error(`e${i}`);
      });
      s.schedule(i, () => ran++);
    }
    vi.advanceTimersByTime(200);
    expect(ran).toBe(150);
    expect(s.callbackErrorCount).toBe(150);
    expect(s.callbackErrors.map((e) => (e as Error).message)).toEqual(Array.from({ length: 100 }, (_, i) => `e${i + 50}`));
  });

  it('measures time from an explicit epoch', () => {
    let wallMs = 5_000;
    const s = new RealScheduler({ timers: { now: () => wallMs, setTimeout: () => 0, clearTimeout: () => {} }, epochMs: 1_000 });
    expect(s.now()).toBe(4_000);
    wallMs = 6_500;
    expect(s.now()).toBe(5_500);
    expect(new RealScheduler({ timers: { now: () => wallMs, setTimeout: () => 0, clearTimeout: () => {} } }).now()).toBe(0);
  });
});
