import { describe, expect, it } from 'vitest';
import type { Scheduler } from '../../core/ports.js';
import { scenarioSchema } from '../../config/scenario-schema.js';
import { DueChanges } from './due-changes.js';
import { EmulatedProviders } from './emulated-providers.js';

/** A clock the test sets by hand, whose timers never fire on their own: a timer as late as can be. */
class LateTimers implements Scheduler {
  nowMs = 0;
  readonly armed: { delayMs: number; cancelled: boolean }[] = [];
  now(): number {
    return this.nowMs;
  }
  schedule(delayMs: number): () => void {
    const t = { delayMs, cancelled: false };
    this.armed.push(t);
    return () => {
      t.cancelled = true;
    };
  }
  live() {
    return this.armed.filter((t) => !t.cancelled);
  }
}

describe('DueChanges', () => {
  it('applies what is due in time order, ties in the order added, and arms one timer for the next', () => {
    const clock = new LateTimers();
    const changes = new DueChanges(clock);
    const ran: string[] = [];
    changes.at(10, () => ran.push('a'));
    changes.at(5, () => ran.push('b'));
    changes.at(10, () => ran.push('c'));
    changes.at(20, () => ran.push('d'));
    expect(clock.live().map((t) => t.delayMs)).toEqual([5]);
    changes.applyDue();
    expect(ran).toEqual([]);
    clock.nowMs = 10;
    changes.applyDue();
    expect(ran).toEqual(['b', 'a', 'c']);
    expect(clock.live().map((t) => t.delayMs)).toEqual([10]);
    expect(changes.pending).toBe(1);
  });

  it('runs a change that a due change adds when it is due too, and not one that is not', () => {
    const clock = new LateTimers();
    const changes = new DueChanges(clock);
    const ran: number[] = [];
    changes.at(1, () => {
      ran.push(1);
      changes.at(2, () => ran.push(2));
      changes.at(50, () => ran.push(50));
    });
    clock.nowMs = 30;
    changes.applyDue();
    expect(ran).toEqual([1, 2]);
    expect(clock.live().map((t) => t.delayMs)).toEqual([20]);
  });

  it('close cancels the timer and drops what is to come', () => {
    const clock = new LateTimers();
    const changes = new DueChanges(clock);
    let ran = false;
    changes.at(5, () => (ran = true));
    changes.close();
    clock.nowMs = 10;
    changes.applyDue();
    expect(ran).toBe(false);
    expect(clock.live()).toEqual([]);
  });
});

describe('emulated providers meet their schedule even when its timers are late', () => {
  const scenario = (startS: number) => scenarioSchema.parse({
    name: 'late', seed: 1, durationS: 3600,
    traffic: { arrivals: { kind: 'poisson', ratePerS: 1 } },
    providers: [{ id: 'p', latency: { ttftMs: 100, msPerOutputToken: 1 }, models: [{ id: 'm', inputUsdPerMTok: 1, outputUsdPerMTok: 1 }], incidents: [{ kind: 'down', startS, durationS: 60 }] }],
  });

  it('an outage from t = 0 is in force as soon as the providers exist', () => {
    const world = new EmulatedProviders(scenario(0), 1, new LateTimers());
    expect(world.providers.get('p')!.sim.isServing('m')).toBe(false);
  });

  it('an outage later on starts and ends when the server brings the world up to date, timer or no timer', () => {
    const clock = new LateTimers();
    const world = new EmulatedProviders(scenario(10), 1, clock);
    const sim = world.providers.get('p')!.sim;
    clock.nowMs = 9_999;
    world.applyDueChanges();
    expect(sim.isServing('m')).toBe(true);
    clock.nowMs = 10_000;
    world.applyDueChanges();
    expect(sim.isServing('m')).toBe(false);
    clock.nowMs = 70_000;
    world.applyDueChanges();
    expect(sim.isServing('m')).toBe(true);
  });
});
