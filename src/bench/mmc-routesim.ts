import { createRng } from '../core/rng.js';
import { SimScheduler } from '../sim/sim-scheduler.js';

/** M/M/c on routesim's engine (SimScheduler + seeded Alea streams): returns requests served. */
export function mmcOnRoutesim(lambda: number, mu: number, servers: number, requests: number): { served: number; meanWait: number } {
  const s = new SimScheduler();
  const arrivals = createRng('bench').fork('arrivals');
  const service = createRng('bench').fork('service');
  const queue = new Float64Array(1 << 20);
  let head = 0, tail = 0, busy = 0, served = 0, arrived = 0, waitSum = 0;
  const exp = (u: number, rate: number) => -Math.log(1 - u) / rate;
  const depart = () => {
    served++;
    if (head !== tail) {
      waitSum += s.now() - queue[head];
      head = (head + 1) & (queue.length - 1);
      s.schedule(exp(service.next(), mu), depart);
    } else busy--;
  };
  const arrive = () => {
    arrived++;
    if (busy < servers) {
      busy++;
      s.schedule(exp(service.next(), mu), depart);
    } else {
      queue[tail] = s.now();
      tail = (tail + 1) & (queue.length - 1);
    }
    if (arrived < requests) s.schedule(exp(arrivals.next(), lambda), arrive);
  };
  s.schedule(0, arrive);
  s.run();
  return { served, meanWait: waitSum / served };
}
