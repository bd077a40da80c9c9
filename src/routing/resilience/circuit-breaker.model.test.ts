import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CircuitBreakers } from './circuit-breaker.js';
import { breakerSchema, type BreakerConfig } from '../../config/router-schema.js';
import type { BreakerState, RouterEvent } from '../events.js';

const cfg = (over: Partial<BreakerConfig>): BreakerConfig => breakerSchema.parse(over);

function harness(config: BreakerConfig) {
  const clock = { t: 0, now() { return this.t; } };
  const events: RouterEvent[] = [];
  const b = new CircuitBreakers(clock, config, (e) => events.push(e));
  return { clock, events, b };
}

// ---------------------------------------------------------------------------------------------
// Model-based test: a deliberately naive reference model (full history, filter on demand).

interface ModelEntry {
  state: BreakerState;
  consecutive: number;
  samples: { t: number; failed: boolean }[];
  openUntil: number;
  period: number;
  inFlight: number;
}
interface Model {
  nowMs: number;
  cfg: BreakerConfig;
  entries: Map<string, ModelEntry>;
}
interface Real {
  clock: { t: number; now(): number };
  b: CircuitBreakers;
  events: RouterEvent[];
  seen: number;
  lastTo: Map<string, BreakerState>;
  announced: Map<string, boolean>;
}

const IDS = ['a', 'b'];
const LEGAL = new Set(['closed>open', 'open>half-open', 'half-open>closed', 'half-open>open']);

function modelEntry(m: Model, id: string): ModelEntry {
  let e = m.entries.get(id);
  if (!e) {
    e = { state: 'closed', consecutive: 0, samples: [], openUntil: 0, period: m.cfg.openMs, inFlight: 0 };
    m.entries.set(id, e);
  }
  return e;
}

function modelAdvance(m: Model, e: ModelEntry): void {
  if (e.state === 'open' && m.nowMs >= e.openUntil) {
    e.state = 'half-open';
    e.inFlight = 0;
  }
}

function modelOpen(m: Model, e: ModelEntry, period: number): void {
  e.state = 'open';
  e.period = period;
  e.openUntil = m.nowMs + period;
  e.inFlight = 0;
}

function modelVerdict(m: Model, id: string, failed: boolean): void {
  const e = modelEntry(m, id);
  modelAdvance(m, e);
  const c = m.cfg;
  if (e.state === 'closed') {
    e.consecutive = failed ? e.consecutive + 1 : 0;
    e.samples.push({ t: m.nowMs, failed });
    if (!failed) return;
    const recent = e.samples.filter((s) => m.nowMs - s.t < c.windowMs);
    const fails = recent.filter((s) => s.failed).length;
    if (e.consecutive >= c.consecutiveFailures || (recent.length >= c.minRequests && fails / recent.length >= c.failureRateThreshold)) {
      modelOpen(m, e, c.openMs);
    }
  } else if (e.state === 'half-open' && e.inFlight > 0) {
    if (failed) {
      modelOpen(m, e, Math.min(e.period * c.openBackoffFactor, Math.max(c.maxOpenMs, c.openMs)));
    } else {
      e.state = 'closed';
      e.consecutive = 0;
      e.samples = [];
      e.inFlight = 0;
    }
  }
}

function effective(m: Model, id: string): { state: BreakerState; excluded: boolean } {
  const e = m.entries.get(id);
  if (!e) return { state: 'closed', excluded: false };
  if (e.state === 'open' && m.nowMs >= e.openUntil) return { state: 'half-open', excluded: false };
  const excluded = e.state === 'open' || (e.state === 'half-open' && e.inFlight >= m.cfg.halfOpenProbes);
  return { state: e.state, excluded };
}

function checkAgreement(m: Model, r: Real, touched?: string): void {
  for (const id of IDS) {
    const want = effective(m, id);
    expect(r.b.state(id, m.nowMs)).toBe(want.state);
    expect(r.b.isExcluded(id, m.nowMs)).toBe(want.excluded);
    expect(r.b.probesInFlight(id)).toBeLessThanOrEqual(m.cfg.halfOpenProbes);
  }
  // Every new event must be legal and consistent with the previous ones.
  for (; r.seen < r.events.length; r.seen++) {
    const ev = r.events[r.seen];
    expect(ev.atMs).toBeLessThanOrEqual(m.nowMs);
    if (ev.type === 'breaker.transitioned') {
      expect(LEGAL.has(`${ev.from}>${ev.to}`)).toBe(true);
      expect(ev.from).toBe(r.lastTo.get(ev.deploymentId) ?? 'closed');
      r.lastTo.set(ev.deploymentId, ev.to);
    } else if (ev.type === 'health.changed') {
      expect(ev.source).toBe('breaker');
      expect(ev.excluded).toBe(!(r.announced.get(ev.deploymentId) ?? false)); // strictly alternating
      r.announced.set(ev.deploymentId, ev.excluded);
    }
  }
  // After a call on a deployment its announced exclusion is up to date.
  if (touched !== undefined) expect(r.announced.get(touched) ?? false).toBe(effective(m, touched).excluded);
}

class AdvanceCmd implements fc.Command<Model, Real> {
  constructor(readonly dtMs: number) {}
  check = () => true;
  run(m: Model, r: Real): void {
    m.nowMs += this.dtMs;
    r.clock.t = m.nowMs;
    checkAgreement(m, r);
  }
  toString = () => `advance(${this.dtMs})`;
}

class AcquireCmd implements fc.Command<Model, Real> {
  constructor(readonly id: string) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const e = modelEntry(m, this.id);
    modelAdvance(m, e);
    let want: boolean;
    if (e.state === 'closed') want = true;
    else if (e.state === 'open') want = false;
    else if (e.inFlight < m.cfg.halfOpenProbes) {
      e.inFlight++;
      want = true;
    } else want = false;
    expect(r.b.tryAcquire(this.id, m.nowMs)).toBe(want);
    checkAgreement(m, r, this.id);
  }
  toString = () => `acquire(${this.id})`;
}

class VerdictCmd implements fc.Command<Model, Real> {
  constructor(readonly id: string, readonly kind: 'success' | 'failure' | 'release') {}
  check = () => true;
  run(m: Model, r: Real): void {
    if (this.kind === 'release') {
      const e = modelEntry(m, this.id);
      modelAdvance(m, e);
      if (e.state === 'half-open' && e.inFlight > 0) e.inFlight--;
      r.b.onRelease(this.id, m.nowMs);
    } else {
      modelVerdict(m, this.id, this.kind === 'failure');
      if (this.kind === 'failure') r.b.onFailure(this.id, m.nowMs);
      else r.b.onSuccess(this.id, m.nowMs);
    }
    checkAgreement(m, r, this.id);
  }
  toString = () => `${this.kind}(${this.id})`;
}

const configArb = fc.record({
  consecutiveFailures: fc.integer({ min: 1, max: 5 }),
  failureRateThreshold: fc.constantFrom(0.25, 0.5, 0.75, 1),
  windowMs: fc.integer({ min: 50, max: 2_000 }),
  minRequests: fc.integer({ min: 1, max: 8 }),
  openMs: fc.integer({ min: 10, max: 500 }),
  openBackoffFactor: fc.constantFrom(1, 1.5, 2, 3),
  maxOpenMs: fc.integer({ min: 10, max: 3_000 }),
  halfOpenProbes: fc.integer({ min: 1, max: 3 }),
});

const idArb = fc.constantFrom(...IDS);
const commandsArb = fc.commands(
  [
    fc.integer({ min: 0, max: 400 }).map((dt) => new AdvanceCmd(dt)),
    idArb.map((id) => new AcquireCmd(id)),
    fc.tuple(idArb, fc.constantFrom('success', 'failure', 'failure', 'release') as fc.Arbitrary<'success' | 'failure' | 'release'>).map(
      ([id, k]) => new VerdictCmd(id, k),
    ),
  ],
  { maxCommands: 200, size: 'max' },
);

describe('CircuitBreakers: model-based', () => {
  it('agrees with the reference model; transitions legal; half-open never over-admits', () => {
    fc.assert(
      fc.property(configArb, commandsArb, (over, cmds) => {
        const config = cfg(over);
        const h = harness(config);
        const setup = () => ({
          model: { nowMs: 0, cfg: config, entries: new Map() } as Model,
          real: { clock: h.clock, b: h.b, events: h.events, seen: 0, lastTo: new Map(), announced: new Map() } as Real,
        });
        fc.modelRun(setup, cmds);
      }),
      { numRuns: 300 },
    );
  });
});
