import { resolve } from 'node:path';
import type { QualityTrafficSpec } from '../../../config/quality-schema.js';
import { loadRouteLlmDataset, type QualityDataset } from './routellm-dataset.js';

/**
 * Datasets by (path, benchmark, models, decontaminate), loaded once per process: a threshold
 * sweep runs hundreds of simulations over the same few MB. The records are frozen, so sharing
 * them between runs cannot leak state from one run into another.
 */
const CACHE = new Map<string, QualityDataset>();
const MAX_ENTRIES = 16;

export function qualityDatasetFor(spec: QualityTrafficSpec): QualityDataset {
  const key = JSON.stringify([resolve(spec.path), spec.benchmark, spec.strongModel, spec.weakModel, spec.decontaminate]);
  let dataset = CACHE.get(key);
  if (dataset === undefined) {
    dataset = loadRouteLlmDataset(spec);
    if (CACHE.size >= MAX_ENTRIES) CACHE.delete(CACHE.keys().next().value!);
    CACHE.set(key, dataset);
  }
  return dataset;
}
