import seedrandom from 'seedrandom';
import type { Rng } from './ports.js';

/**
 * Seeded RNG built on seedrandom's Alea generator. `fork(label)` derives a child from the
 * parent's seed string and the label only, so adding a provider or a strategy never shifts
 * another component's stream (common random numbers across strategies).
 */
export class SeededRng implements Rng {
  private readonly gen: () => number;

  constructor(readonly seed: string) {
    this.gen = seedrandom.alea(seed);
  }

  next(): number {
    return this.gen();
  }

  int(n: number): number {
    return Math.floor(this.gen() * n);
  }

  fork(label: string): Rng {
    return new SeededRng(`${this.seed}/${label}`);
  }
}

export function createRng(seed: number | string): Rng {
  return new SeededRng(String(seed));
}
