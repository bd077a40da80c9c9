import type { Rng } from '../../../core/ports.js';
import type { TrafficSpec } from '../../../config/scenario-schema.js';
import type { RequestSource } from '../request-source.js';
import { qualityDatasetFor } from './dataset-cache.js';
import { QualityAnnotatingSource } from './quality-source.js';

/**
 * `source` itself when the scenario has no `traffic.quality`; otherwise a source that gives
 * each request a prompt record with ground truth, drawn from a NEW child ('quality') of the
 * traffic stream so that no existing stream shifts.
 */
export function withQualityTruth(source: RequestSource, traffic: TrafficSpec, trafficRng: Rng): RequestSource {
  const spec = traffic.quality;
  if (spec === undefined) return source;
  return new QualityAnnotatingSource(source, qualityDatasetFor(spec).records, trafficRng.fork('quality'));
}
