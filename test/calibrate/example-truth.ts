import type { Truth } from '../support/ground-truth-log.js';
import { TRUTH } from './truth.js';

/**
 * The shipped example's log (scenarios/calibrate-example/gateway-requests.jsonl): fifteen
 * minutes of the test truth at a third of the traffic, with limits and the outage scaled to
 * show in that window. Small enough to commit (< 1 MB).
 */
export const EXAMPLE_TRUTH: Truth = {
  ...TRUTH,
  seed: 'calibrate-example',
  arrivals: [
    { untilS: 240, ratePerS: 0.6 },
    { untilS: 540, ratePerS: 2 },
    { untilS: 900, ratePerS: 0.6 },
  ],
  providers: [
    { ...TRUTH.providers[0], rpm: 60, outage: { startS: 600, endS: 720 } },
    { ...TRUTH.providers[1], tpm: 50_000 },
  ],
};
