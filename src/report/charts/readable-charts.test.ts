import fc from 'fast-check';
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import type { CompareSummary, StrategyResult } from '../../lab/compare-summary.js';
import { compareFixture } from '../../../test/fixtures/report/compare-fixture.js';
import { MUTED_COLOR, strategyColorScale } from '../strategy-order.js';
import { textWidthPx } from '../text-width.js';
import { axisFormat } from './axis-format.js';
import { costVsLatencyChart } from './cost-vs-latency.js';
import { costVsUptimeChart } from './cost-vs-uptime.js';
import { layoutLabels } from './label-layout.js';

/** The fixture's strategies cloned under new names up to `n` (ranks spread, a few Pareto). */
function manyStrategies(n: number): CompareSummary {
  const base = compareFixture();
  const strategies: StrategyResult[] = [];
  for (let i = 0; i < n; i++) {
    const s = base.strategies[i % base.strategies.length];
    strategies.push({ ...s, strategy: i < base.strategies.length ? s.strategy : `${s.strategy}-${i}`, rank: i + 1, pareto: i % 5 === 0 });
  }
  return { ...base, strategies };
}

describe('readable at 22 strategies', () => {
  it('never repeats a colour: up to the palette size all distinct, beyond it the highlighted distinct and the rest grey', () => {
    for (const n of [6, 20, 22, 30]) {
      const scale = strategyColorScale(manyStrategies(n));
      const coloured = scale.range.filter((c) => c !== MUTED_COLOR);
      expect(new Set(coloured).size, `n = ${n}`).toBe(coloured.length);
      if (n <= 20) expect(coloured).toHaveLength(n);
    }
    const s22 = manyStrategies(22);
    const scale = strategyColorScale(s22);
    // Rank 1 and the baseline are never grey.
    for (const name of [s22.strategies[0].strategy, s22.baseline]) expect(scale.range[scale.domain.indexOf(name)], name).not.toBe(MUTED_COLOR);
  });

  it('property: placed labels never overlap', () => {
    const point = fc.record({ text: fc.string({ minLength: 1, maxLength: 30 }), xPx: fc.double({ min: 0, max: 560, noNaN: true }), yPx: fc.double({ min: 0, max: 360, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 8 }), (labels) => {
        const places = layoutLabels(labels, 560);
        const boxes = labels.map((l, i) => {
          const w = textWidthPx(l.text, 11);
          const p = places[i];
          const x0 = p.align === 'left' ? l.xPx + p.dx : l.xPx + p.dx - w;
          return { x0, x1: x0 + w, y0: l.yPx + p.dy - 7, y1: l.yPx + p.dy + 7 };
        });
        // Up to the number of offsets tried, a place without overlap always exists for 8 labels.
        for (let i = 0; i < boxes.length; i++) {
          for (let j = 0; j < i; j++) {
            const [a, b] = [boxes[i], boxes[j]];
            expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1, `${labels[i].text} / ${labels[j].text}`).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('axis ticks never repeat a label, however narrow the domain', () => {
    const domains: [[number, number], 'fraction' | 'USD' | 'ms'][] = [
      [[0.995, 1], 'fraction'], [[0.9999, 1], 'fraction'], [[0.45, 1], 'fraction'],
      [[1.6, 1.65], 'USD'], [[0.5, 5.6], 'USD'], [[0.001, 0.0012], 'USD'],
      [[19000, 19010], 'ms'], [[15000, 190000], 'ms'], [[300, 300.5], 'ms'],
    ];
    for (const [domain, unit] of domains) {
      // The formatter and tick generator vega uses for these axes.
      const v = vega as unknown as { defaultLocale(): { format(spec: string): (x: number) => string }; scale(kind: string): () => { domain(d: number[]): { ticks(n: number): number[] } } };
      const f = v.defaultLocale().format(axisFormat(domain, unit));
      const linear = v.scale('linear')();
      const labels = linear.domain(domain).ticks(8).map(f);
      expect(new Set(labels).size, `${unit} ${domain.join('–')}: ${labels.join(' ')}`).toBe(labels.length);
    }
  });

  it('draws cost vs uptime and cost vs p99 over all requests, labelling only the frontier and the top group', () => {
    const summary = manyStrategies(22);
    for (const chart of [costVsUptimeChart(summary), costVsLatencyChart(summary)]) {
      const rows = (chart.spec as { data: { values: { strategy: string; label: string }[] } }).data.values;
      expect(rows).toHaveLength(22);
      const labelled = rows.filter((r) => r.label !== '').map((r) => r.strategy);
      const expected = summary.strategies.filter((s) => s.pareto || s.rank === 1).map((s) => s.strategy);
      expect(labelled.sort()).toEqual(expected.sort());
    }
  });
});
