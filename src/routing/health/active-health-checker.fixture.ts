/** Test harness for ActiveHealthChecker: probes that answer only when the test says so. */
import { activeCheckSchema, type ActiveCheckConfig } from '../../config/router-schema.js';
import type { Scheduler } from '../../core/ports.js';
import { SeededRng } from '../../core/rng.js';
import { SimScheduler } from '../../sim/sim-scheduler.js';
import type { RouterEvent } from '../events.js';
import { ActiveHealthChecker } from './active-health-checker.js';

export const cfg = (over: Partial<ActiveCheckConfig>): ActiveCheckConfig => activeCheckSchema.parse(over);

export interface ProbeCall {
  readonly id: string;
  readonly sentAtMs: number;
  readonly onDone: (ok: boolean) => void;
  cancelled: boolean;
  answered: boolean;
}

/** A probe that answers only when the test says so. */
export class ManualProbes {
  readonly calls: ProbeCall[] = [];
  constructor(private readonly scheduler: Scheduler) {}
  readonly probe = (id: string, onDone: (ok: boolean) => void) => {
    const call: ProbeCall = { id, sentAtMs: this.scheduler.now(), onDone, cancelled: false, answered: false };
    this.calls.push(call);
    return () => {
      call.cancelled = true;
    };
  };
  latest(id: string): ProbeCall | undefined {
    return this.calls.filter((c) => c.id === id).at(-1);
  }
  answer(id: string, ok: boolean): void {
    const c = this.latest(id);
    if (c === undefined || c.answered) return;
    c.answered = true;
    c.onDone(ok);
  }
}

export function setup(config: ActiveCheckConfig, ids = ['x', 'y'], seed = 's') {
  const scheduler = new SimScheduler();
  const probes = new ManualProbes(scheduler);
  const events: RouterEvent[] = [];
  const checker = new ActiveHealthChecker(scheduler, new SeededRng(seed), ids, probes.probe, config, (e) => events.push(e));
  return { scheduler, probes, events, checker };
}

export const flips = (events: RouterEvent[], id: string) =>
  events.flatMap((e) => (e.type === 'health.changed' && e.deploymentId === id ? [[e.atMs, e.excluded] as const] : []));
