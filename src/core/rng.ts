import seedrandom from 'seedrandom';
import type { Rng } from './ports.js';

/**
 * Seeded RNG built on seedrandom's Alea generator. `fork(label)` derives a child from the
 * parent's seed string and the label only, so adding a provider or a strategy never shifts
 * another component's stream (common random numbers across strategies).
 */
export class SeededRng implements Rng {
  private readonly gen: seedrandom.PRNG;

  constructor(readonly seed: string) {
    this.gen = seedrandom.alea(seed);
  }

  /** 53-bit resolution: plain Alea output is a multiple of 2^-32, which cuts off heavy tails. */
  next(): number {
    return this.gen.double();
  }

  int(n: number): number {
    return Math.floor(this.gen.double() * n);
  }

  fork(label: string): Rng {
    return new SeededRng(`${this.seed}/${label}`);
  }
}

export function createRng(seed: number | string): Rng {
  return new SeededRng(String(seed));
}
