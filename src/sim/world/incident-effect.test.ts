import { describe, expect, it } from 'vitest';
import { incidentEffect, NO_EFFECT } from './incident-effect.js';
import type { IncidentWindow } from './incident-timeline.js';

const w = (over: Partial<IncidentWindow> & Pick<IncidentWindow, 'kind'>): IncidentWindow => ({
  providerId: 'p', startMs: 0, endMs: 1, latencyFactor: 1, errorRate: 0, limitFactor: 1, ...over,
});

describe('incidentEffect', () => {
  it('is the shared no-effect object when nothing is active', () => {
    expect(incidentEffect([], 'm')).toBe(NO_EFFECT);
  });

  it('takes the worst error rate, multiplies brownouts, and any down wins', () => {
    const active = [
      w({ kind: 'errors', errorRate: 0.2 }),
      w({ kind: 'gray', errorRate: 0.5 }),
      w({ kind: 'brownout', latencyFactor: 2 }),
      w({ kind: 'brownout', latencyFactor: 3 }),
    ];
    expect(incidentEffect(active, 'm')).toEqual({ down: false, gray: true, errorRate: 0.5, latencyFactor: 6 });
    expect(incidentEffect([...active, w({ kind: 'down' })], 'm').down).toBe(true);
  });

  it('ignores windows scoped to other models', () => {
    const active = [w({ kind: 'down', models: ['other'] }), w({ kind: 'brownout', latencyFactor: 4, models: ['m'] })];
    expect(incidentEffect(active, 'm')).toEqual({ down: false, gray: false, errorRate: 0, latencyFactor: 4 });
    expect(incidentEffect(active, 'other')).toEqual({ down: true, gray: false, errorRate: 0, latencyFactor: 1 });
  });
});
