import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallsOverScheduler } from '../../src/core/call-scheduler.js';
import type { Cancel, Scheduler } from '../../src/core/ports.js';
import { ScaledScheduler } from '../../src/core/scaled-scheduler.js';
import { contentWords } from '../../src/live/load/send-chat.js';
import { AttemptKeys } from '../../src/live/providers/attempt-keys.js';
import { countPromptWords } from '../../src/live/wire/chat-request.js';
import { chunkBody } from '../../src/live/wire/completion-body.js';
import { errorReplyFor } from '../../src/live/wire/error-body.js';
import { outcomeKindOfStatus } from '../../src/live/wire/status-outcome.js';
import { SimScheduler } from '../../src/sim/sim-scheduler.js';
import type { AttemptOutcomeKind } from '../../src/routing/types.js';

/** A manual clock: `advance` runs what is due, in time then scheduling order. */
class ManualScheduler implements Scheduler {
  private t = 0;
  private seq = 0;
  private readonly due: { at: number; seq: number; fn: () => void; live: boolean }[] = [];
  now(): number {
    return this.t;
  }
  schedule(delayMs: number, fn: () => void): Cancel {
    const e = { at: this.t + delayMs, seq: this.seq++, fn, live: true };
    this.due.push(e);
    return () => (e.live = false);
  }
  advance(ms: number): void {
    const until = this.t + ms;
    for (;;) {
      const next = this.due.filter((e) => e.live && e.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (next === undefined) break;
      next.live = false;
      this.t = next.at;
      next.fn();
    }
    this.t = until;
  }
}

describe('CallsOverScheduler', () => {
  it('runs and cancels calls exactly as SimScheduler.scheduleCall does (random programs)', () => {
    fc.assert(fc.property(fc.array(fc.record({ delay: fc.integer({ min: 0, max: 50 }), cancelAfter: fc.option(fc.integer({ min: 0, max: 30 })) }), { maxLength: 40 }), (ops) => {
      const run = (make: () => { s: Scheduler & { scheduleCall: CallsOverScheduler['scheduleCall']; cancelCall: CallsOverScheduler['cancelCall']; readonly lastSlot: number }; go: () => void }) => {
        const { s, go } = make();
        const log: string[] = [];
        ops.forEach((op, i) => {
          const seq = s.scheduleCall(op.delay, (x: number) => log.push(`${x}@${s.now()}`), i);
          const slot = s.lastSlot;
          if (op.cancelAfter !== null) s.schedule(op.cancelAfter, () => s.cancelCall(slot, seq));
        });
        go();
        return log;
      };
      const sim = new SimScheduler();
      const manual = new ManualScheduler();
      const over = new CallsOverScheduler(manual);
      const a = run(() => ({ s: sim, go: () => sim.run() }));
      const b = run(() => ({ s: over, go: () => manual.advance(1000) }));
      expect(b).toEqual(a);
      expect(over.pendingCalls).toBe(0);
    }), { numRuns: 200 });
  });

  it('cancelAll cancels what is pending', () => {
    const manual = new ManualScheduler();
    const over = new CallsOverScheduler(manual);
    const ran: number[] = [];
    over.scheduleCall(10, (x: number) => ran.push(x), 1);
    over.scheduleCall(20, (x: number) => ran.push(x), 2);
    manual.advance(15);
    over.cancelAll();
    manual.advance(100);
    expect(ran).toEqual([1]);
  });
});

describe('ScaledScheduler', () => {
  it('k times faster: now and delays in simulated ms', () => {
    const real = new ManualScheduler();
    const s = new ScaledScheduler(real, 10);
    let at = -1;
    s.schedule(1000, () => (at = real.now()));
    real.advance(99);
    expect(at).toBe(-1);
    real.advance(1);
    expect(at).toBe(100);
    expect(s.now()).toBe(1000);
    expect(s.toRealMs(60_000)).toBe(6000);
  });

  it('refuses a time scale that is not a positive number', () => {
    for (const k of [0, -1, NaN, Infinity]) expect(() => new ScaledScheduler(new ManualScheduler(), k)).toThrow(/timeScale/);
  });
});

describe('wire', () => {
  it('status → outcome kind inverts the emulated providers\' error replies', () => {
    const kinds: AttemptOutcomeKind[] = ['server-error', 'overloaded', 'rate-limited', 'context-exceeded', 'client-error'];
    for (const k of kinds) {
      const r = errorReplyFor(k)!;
      expect(outcomeKindOfStatus(r.status, r.body.error.code)).toBe(k);
    }
    expect(outcomeKindOfStatus(529)).toBe('overloaded');
    expect(outcomeKindOfStatus(413)).toBe('context-exceeded');
    expect(outcomeKindOfStatus(408)).toBe('timeout');
    expect(outcomeKindOfStatus(404)).toBe('client-error');
    expect(outcomeKindOfStatus(502)).toBe('server-error');
    expect(outcomeKindOfStatus(200)).toBe('success');
  });

  it('prompt words: whitespace-separated words over string and text-part contents', () => {
    expect(countPromptWords({ model: 'm', messages: [{ role: 'system', content: '  a b\tc\n' }, { role: 'user', content: [{ type: 'text', text: 'd e' }, { type: 'image_url' }] }, { role: 'assistant', content: null }] })).toBe(5);
  });

  it('contentWords scans the content of a chunk as JSON.parse then a split on spaces would (any text, escapes included)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(' ', '  ', 'tok', 'a"b', 'x\\y', 'é', '\n'), fc.string({ maxLength: 4 })), { maxLength: 12 }), (parts) => {
      const text = parts.join('');
      const data = JSON.stringify(chunkBody('id', 'm', 0, 0, false)).replace('"delta":{}', () => `"delta":{"content":${JSON.stringify(text)}}`); // a function: a string replacement would expand `$&`
      const expected = text.split(' ').filter((w) => w !== '').length;
      expect(contentWords(data)).toBe(expected);
    }), { numRuns: 300 });
  });
});

describe('AttemptKeys', () => {
  it('an unused attempt number is kept (in any order); a repeat takes the one after the highest; old requests are forgotten', () => {
    const k = new AttemptKeys(2);
    expect([k.claim(7, 1), k.claim(7, 0), k.claim(7, 0), k.claim(7, 1), k.claim(8, 0)]).toEqual([1, 0, 2, 3, 0]);
    k.claim(9, 0); // evicts 7 (the least recently used of three)
    expect(k.claim(7, 0)).toBe(0);
    expect(k.claim(9, 0)).toBe(1);
  });
});
