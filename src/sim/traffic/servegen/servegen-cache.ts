import { resolve } from 'node:path';
import type { Rng } from '../../../core/ports.js';
import { WeightedChoice } from '../../distributions/weighted-choice.js';
import { listServegenClients, readClientLengths, type LengthWindow, type Pmf, type ServegenClient } from './servegen-data.js';

/** A PMF ready to sample: O(1) alias draws over its values. Immutable: the caller brings the rng. */
export class PmfSampler {
  private readonly choice: WeightedChoice;
  constructor(private readonly pmf: Pmf) {
    this.choice = new WeightedChoice(Array.from(pmf.probs));
  }
  sample(rng: Rng): number {
    return Math.max(0, Math.round(this.pmf.values[this.choice.sample(rng)]));
  }
}

export interface LengthModel {
  readonly startS: number;
  readonly input: PmfSampler | undefined;
  readonly output: PmfSampler | undefined;
}

/** Per window, the PMF of that window or else of the nearest earlier one (circularly) that has data. */
function lengthModels(windows: readonly LengthWindow[]): readonly LengthModel[] {
  const n = windows.length;
  const nearest = (i: number, pick: (w: LengthWindow) => Pmf | undefined): Pmf | undefined => {
    for (let k = 0; k < n; k++) {
      const p = pick(windows[(i - k + n) % n]);
      if (p !== undefined) return p;
    }
    return undefined;
  };
  return Object.freeze(windows.map((w, i) => {
    const input = nearest(i, (x) => x.input);
    const output = nearest(i, (x) => x.output);
    return Object.freeze({ startS: w.startS, input: input && new PmfSampler(input), output: output && new PmfSampler(output) });
  }));
}

/**
 * A ServeGen data folder as read once per process: every client's rate windows, and each
 * client's token-length models, parsed when a run first selects the client. Only immutable
 * data lives here; a run's own state (its rngs, each client's position in its timeline) is
 * built per run (ClientArrivals, ServegenSource), so sharing cannot leak one run into another.
 */
export class ServegenFolder {
  readonly clients: readonly ServegenClient[];
  private readonly lengths = new Map<string, readonly LengthModel[]>();

  constructor(readonly dir: string) {
    this.clients = Object.freeze(listServegenClients(dir).map((c) => {
      for (const w of c.windows) Object.freeze(w);
      Object.freeze(c.windows);
      return Object.freeze(c);
    }));
  }

  /** The client's length models per window (read and parsed on first use). */
  lengthModelsOf(client: ServegenClient): readonly LengthModel[] {
    let models = this.lengths.get(client.id);
    if (models === undefined) {
      models = lengthModels(readClientLengths(client));
      this.lengths.set(client.id, models);
    }
    return models;
  }
}

/**
 * Folders by resolved path, loaded once per process: a sweep or a comparison runs the same
 * ServeGen data (146 files, 13 MB for DeepSeek-R1) many times, and the data never changes.
 * A folder that fails to load is not kept, so the next run reports the error again.
 */
const CACHE = new Map<string, ServegenFolder>();
const MAX_ENTRIES = 16;

export function servegenFolder(path: string): ServegenFolder {
  const dir = resolve(path);
  let folder = CACHE.get(dir);
  if (folder === undefined) {
    folder = new ServegenFolder(dir);
    if (CACHE.size >= MAX_ENTRIES) CACHE.delete(CACHE.keys().next().value!);
    CACHE.set(dir, folder);
  }
  return folder;
}
