import type { Rng } from './ports.js';

/**
 * A counter-based generator: `reset(key)` puts it in a state that depends only on the
 * stream's seed and the key (e.g. request id × attempt). The simulator uses it so a given
 * request draws the same service time and error luck on a provider whatever the strategy
 * did before it — common random numbers at the level of single requests, which makes
 * paired strategy comparisons much tighter. Mixing is splitmix32-like; period per key is
 * far beyond the handful of draws one attempt makes.
 */
export class CounterRng {
  private state = 0;
  private readonly base: number;

  constructor(parent: Rng) {
    this.base = (parent.next() * 0x100000000) >>> 0;
  }

  reset(key1: number, key2 = 0): this {
    let h = this.base ^ Math.imul(key1 | 0, 0x9e3779b1) ^ Math.imul((key1 / 0x100000000) | 0, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h ^= Math.imul(key2 | 0, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    this.state = (h ^ (h >>> 16)) >>> 0;
    return this;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z ^= z >>> 15;
    return (z >>> 0) / 0x100000000;
  }
}

/**
 * Adapts a CounterRng to the Rng port so distributions can sample from it. With `parent` (the
 * stream the counter was made from), `fork(label)` is that stream's child: a consumer that
 * forks its own stream once (the quality predictor) gets the same one as before.
 */
export class CounterRngPort implements Rng {
  readonly seed: string;
  constructor(private readonly counter: CounterRng, private readonly parent?: Rng) {
    this.seed = parent === undefined ? 'counter' : `${parent.seed}#counter`;
  }
  next(): number {
    return this.counter.next();
  }
  int(n: number): number {
    return Math.floor(this.counter.next() * n);
  }
  fork(label: string): Rng {
    if (this.parent === undefined) throw new Error('CounterRngPort cannot fork: fork the parent stream instead');
    return this.parent.fork(label);
  }
}
