import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ActiveCheckConfig } from '../../config/router-schema.js';
import { cfg, flips, setup } from './active-health-checker.fixture.js';


// ---------------------------------------------------------------------------------------------
// Model-based: a reference model that predicts probe sends, timeouts and verdicts (jitter 0).

interface ModelDep {
  healthy: boolean;
  cf: number;
  cs: number;
  nextSendAt: number;
  outstandingSince: number | undefined;
  sent: number;
  flips: (readonly [number, boolean])[];
}
interface Model {
  nowMs: number;
  cfg: ActiveCheckConfig;
  running: boolean;
  cancelled: number;
  deps: Map<string, ModelDep>;
}
type Real = ReturnType<typeof setup>;
const IDS = ['x', 'y'];

function modelVerdict(m: Model, d: ModelDep, ok: boolean, atMs: number): void {
  d.outstandingSince = undefined;
  d.nextSendAt = atMs + m.cfg.intervalMs;
  if (ok) {
    d.cf = 0;
    d.cs++;
    if (!d.healthy && d.cs >= m.cfg.healthyThreshold) {
      d.healthy = true;
      d.flips.push([atMs, false]);
    }
  } else {
    d.cs = 0;
    d.cf++;
    if (d.healthy && d.cf >= m.cfg.unhealthyThreshold) {
      d.healthy = false;
      d.flips.push([atMs, true]);
    }
  }
}

function modelAdvanceTo(m: Model, targetMs: number): void {
  for (;;) {
    let best: { d: ModelDep; t: number } | undefined;
    for (const d of m.deps.values()) {
      const t = d.outstandingSince !== undefined ? d.outstandingSince + m.cfg.timeoutMs : d.nextSendAt;
      if (best === undefined || t < best.t) best = { d, t };
    }
    if (best === undefined || best.t > targetMs) break;
    const { d, t } = best;
    if (d.outstandingSince !== undefined) {
      m.cancelled++; // timed out → probe cancelled
      modelVerdict(m, d, false, t);
    } else {
      d.outstandingSince = t;
      d.sent++;
    }
  }
  m.nowMs = targetMs;
}

function agree(m: Model, r: Real): void {
  let sent = 0;
  for (const [id, d] of m.deps) {
    expect(r.checker.isHealthy(id)).toBe(d.healthy);
    expect(r.checker.isExcluded(id, m.nowMs)).toBe(!d.healthy);
    expect(r.checker.consecutiveFailures(id)).toBe(d.cf);
    expect(r.checker.consecutiveSuccesses(id)).toBe(d.cs);
    expect(flips(r.events, id)).toEqual(d.flips);
    sent += d.sent;
  }
  expect(r.checker.probesSent).toBe(sent);
  expect(r.probes.calls.filter((c) => c.cancelled).length).toBe(m.cancelled);
}

class AdvanceCmd implements fc.Command<Model, Real> {
  constructor(readonly dtMs: number) {}
  check = () => true;
  run(m: Model, r: Real): void {
    modelAdvanceTo(m, m.nowMs + this.dtMs);
    r.scheduler.run(m.nowMs);
    agree(m, r);
  }
  toString = () => `advance(${this.dtMs})`;
}

class AnswerCmd implements fc.Command<Model, Real> {
  constructor(readonly id: string, readonly ok: boolean) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const d = m.deps.get(this.id)!;
    if (d.outstandingSince !== undefined) modelVerdict(m, d, this.ok, m.nowMs);
    // else: a late answer to a timed-out or cancelled probe, which must be ignored
    r.probes.answer(this.id, this.ok);
    agree(m, r);
  }
  toString = () => `answer(${this.id}, ${this.ok})`;
}

class StopStartCmd implements fc.Command<Model, Real> {
  constructor(readonly stop: boolean) {}
  check = () => true;
  run(m: Model, r: Real): void {
    if (this.stop && m.running) {
      m.running = false;
      for (const d of m.deps.values()) {
        if (d.outstandingSince !== undefined) m.cancelled++;
        d.outstandingSince = undefined;
        d.nextSendAt = Infinity;
      }
      r.checker.stop();
    } else if (!this.stop && !m.running) {
      m.running = true;
      for (const d of m.deps.values()) d.nextSendAt = m.nowMs;
      r.checker.start();
    }
    agree(m, r);
  }
  toString = () => (this.stop ? 'stop' : 'start');
}

describe('ActiveHealthChecker: model-based', () => {
  it('agrees with the reference model on sends, timeouts, verdicts and flips', () => {
    const configArb = fc.record({
      intervalMs: fc.integer({ min: 10, max: 200 }),
      timeoutMs: fc.integer({ min: 5, max: 300 }),
      unhealthyThreshold: fc.integer({ min: 1, max: 4 }),
      healthyThreshold: fc.integer({ min: 1, max: 4 }),
    });
    const idArb = fc.constantFrom(...IDS);
    const cmdsArb = fc.commands(
      [
        fc.integer({ min: 0, max: 250 }).map((dt) => new AdvanceCmd(dt)),
        fc.tuple(idArb, fc.boolean()).map(([id, ok]) => new AnswerCmd(id, ok)),
        fc.tuple(idArb, fc.boolean()).map(([id, ok]) => new AnswerCmd(id, ok)),
        fc.boolean().map((s) => new StopStartCmd(s)),
      ],
      { maxCommands: 150, size: 'max' },
    );
    fc.assert(
      fc.property(configArb, cmdsArb, (over, cmds) => {
        const config = cfg(over);
        fc.modelRun(() => {
          const real = setup(config, IDS);
          real.checker.start();
          const deps = new Map(
            IDS.map((id) => [id, { healthy: true, cf: 0, cs: 0, nextSendAt: 0, outstandingSince: undefined, sent: 0, flips: [] } as ModelDep]),
          );
          return { model: { nowMs: 0, cfg: config, running: true, cancelled: 0, deps } as Model, real };
        }, cmds);
      }),
      { numRuns: 250 },
    );
  });
});
