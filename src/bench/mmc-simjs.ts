import { createRequire } from 'node:module';

/** The same M/M/c model in SimJS (npm `simjs`), its idiomatic Entity + Facility style. */
export function mmcOnSimjs(lambda: number, mu: number, servers: number, requests: number): { served: number } {
  const g = globalThis as unknown as { window?: Record<string, unknown> };
  g.window ??= {};
  createRequire(import.meta.url)('simjs'); // the bundle registers itself on window.Sim
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const SimJS = (g.window as any).Sim;
  const sim = new SimJS.Sim();
  const random = new SimJS.Random(12345);
  const facility = new SimJS.Facility('server', SimJS.Facility.FCFS, servers);
  let served = 0, arrived = 0;
  class Source extends SimJS.Entity {
    start(): void {
      this.arrive();
    }
    arrive(): void {
      arrived++;
      this.useFacility(facility, random.exponential(mu)).done(() => served++);
      if (arrived < requests) this.setTimer(random.exponential(lambda)).done(this.arrive);
    }
  }
  sim.addEntity(Source);
  sim.simulate(Number.MAX_VALUE);
  return { served };
}
