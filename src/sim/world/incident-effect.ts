import type { IncidentWindow } from './incident-timeline.js';

/** What the incidents active now do to one model's attempts. */
export interface IncidentEffect {
  readonly down: boolean;
  readonly gray: boolean;
  readonly errorRate: number;
  readonly latencyFactor: number;
}

/** The effect of no incident, shared so the common case allocates nothing. */
export const NO_EFFECT: IncidentEffect = { down: false, gray: false, errorRate: 0, latencyFactor: 1 };

/**
 * Folds the active windows that cover `modelId` (a window without `models` covers every model):
 * any 'down' downs it, error rates take the worst, brownout latency factors multiply.
 */
export function incidentEffect(active: readonly IncidentWindow[], modelId: string): IncidentEffect {
  if (active.length === 0) return NO_EFFECT;
  let down = false, gray = false, errorRate = 0, latencyFactor = 1;
  for (const w of active) {
    if (w.models !== undefined && !w.models.includes(modelId)) continue;
    if (w.kind === 'down') down = true;
    else if (w.kind === 'gray') { gray = true; errorRate = Math.max(errorRate, w.errorRate); }
    else if (w.kind === 'errors') errorRate = Math.max(errorRate, w.errorRate);
    else if (w.kind === 'brownout') latencyFactor *= w.latencyFactor;
  }
  return { down, gray, errorRate, latencyFactor };
}
