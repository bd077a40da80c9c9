/**
 * One fast-check seed for the whole suite, so `npm test` is reproducible: a property that
 * fails in CI fails the same way on a laptop. FC_SEED=<n> picks another seed;
 * FC_SEED=random draws a fresh one per run (a wider search — the failure prints its seed).
 * A test that passes its own `seed` keeps it.
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20_261_206;

function suiteSeed(): number | undefined {
  const raw = process.env.FC_SEED;
  if (raw === 'random') return undefined;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`FC_SEED: expected an integer or 'random', got '${raw}'`);
  return n;
}

const seed = suiteSeed();
// An arbitrary given a maxLength generates up to it: fast-check's default size ('small') would
// cap arrays near 10 items whatever maxLength says, and a model-based property then runs a
// handful of operations per case (three index properties missed planted bugs that way).
fc.configureGlobal({ ...fc.readConfigureGlobal(), defaultSizeToMaxWhenMaxSpecified: true, ...(seed !== undefined ? { seed } : {}) });
