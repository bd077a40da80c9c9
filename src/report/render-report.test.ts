import { beforeAll, describe, expect, it } from 'vitest';
import { compareFixture } from '../../test/fixtures/report/compare-fixture.js';
import { sweepFixture2d } from '../../test/fixtures/report/sweep-fixture.js';
import type { CompareSummary, MetricName } from '../lab/compare-summary.js';
import { chartsFor } from './charts/charts-for.js';
import { formatDelta } from './format.js';
import type { ReportFile } from './render-report.js';
import { buildReportFiles, renderReport } from './render-report.js';

const contentOf = (files: readonly ReportFile[], path: string): string => {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} among ${files.map((x) => x.path).join(', ')}`);
  return f.content;
};

/** Markdown table rows of the section that starts with `## heading`. */
function sectionOf(md: string, heading: string): string {
  const start = md.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end < 0 ? undefined : end);
}

describe('renderReport on a compare summary', () => {
  const summary = compareFixture();
  let files: ReportFile[];
  let md: string;
  let html: string;

  beforeAll(async () => {
    files = await buildReportFiles(summary);
    md = contentOf(files, 'report.md');
    html = contentOf(files, 'report.html');
  }, 20_000);

  it('writes the Markdown, the HTML and a spec + SVG per chart, through the callback', async () => {
    const written: string[] = [];
    await renderReport(summary, (rel) => { written.push(rel); });
    const charts = chartsFor(summary).map((c) => c.name);
    expect(written).toEqual([
      ...charts.flatMap((n) => [`charts/${n}.vl.json`, `charts/${n}.svg`]),
      'report.md', 'report.html',
    ]);
  }, 20_000);

  it('is byte-identical when rendered again, even after rendering something else', async () => {
    await buildReportFiles(sweepFixture2d());
    const again = await buildReportFiles(summary);
    expect(again.map((f) => f.path)).toEqual(files.map((f) => f.path));
    for (const [i, f] of again.entries()) expect(f.content === files[i].content, f.path).toBe(true);
  }, 20_000);

  it('stores each chart as a Vega-Lite spec with its data inlined, and as a standalone SVG', () => {
    for (const chart of chartsFor(summary)) {
      const spec = JSON.parse(contentOf(files, `charts/${chart.name}.vl.json`));
      expect(spec).toEqual(JSON.parse(JSON.stringify(chart.spec)));
      expect(JSON.stringify(spec)).not.toMatch(/"url"\s*:/);
      const svg = contentOf(files, `charts/${chart.name}.svg`);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).not.toContain('NaN');
      expect(svg).toContain(chart.title.split(':')[0]);
    }
  });

  it('gives the scenario facts needed to reproduce the run', () => {
    const facts = sectionOf(md, 'Scenario');
    for (const text of [summary.scenario.name, summary.scenario.sha256, summary.scenario.file, '30 min (1,800 s)', `| Seed | \`${summary.seed}\` |`, '| Replications | 5 |']) {
      expect(facts).toContain(text);
    }
  });

  it('ranks strategies in a table with mean ± CI, Pareto stars, deltas with n.s., and oracle gaps', () => {
    const ranking = sectionOf(md, 'Ranking');
    // The oracle ranks first but is a bound: the headline names the best deployable strategy.
    expect(ranking).toContain('Best ranked deployable strategy: latency-based (rank 2) has 96.88% uptime, 99.80% success');
    expect(ranking).toContain('Pareto-optimal: oracle, cost.');
    const header = ranking.split('\n').find((l) => l.startsWith('| Rank |'))!;
    expect(header).toContain('| Uptime | Success | In SLO | Cost / 1k ok | p99 (all) | Δ uptime | Δ cost / 1k | Δ p99 (all) |');
    // Per-request behaviour moved to its own table, so the ranking fits a laptop screen.
    expect(ranking).toContain('| Strategy | p50 latency (ok) | p99 latency (ok) | p50 (all) | p50 TTFT | Retries | Failovers | Hedges | Below tier |');
    expect(header).toContain('Oracle gap: uptime');
    const rows = ranking.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    const ranked = [...summary.strategies].sort((a, b) => a.rank - b.rank);
    expect(rows).toHaveLength(ranked.length);
    for (const [i, s] of ranked.entries()) {
      const cells = rows[i].split(' | ');
      expect(cells[0]).toBe(`| ${s.rank}`);
      expect(cells[1].startsWith(`${s.pareto ? '★ ' : ''}${s.strategy}`)).toBe(true);
      expect(cells[2]).toMatch(/^\d+\.\d\d% ± (0|\d+\.\d\d)$/);
      expect(cells[5]).toMatch(/^\$\d+\.\d\d ± \d/);
      expect(cells[6]).toMatch(/ ms ± /);
    }
    // Every delta of every non-baseline strategy, with "(n.s.)" exactly when not significant.
    const deltaMetrics: MetricName[] = ['uptime', 'costPer1kSuccessfulUsd', 'latencyAllP99Ms'];
    let nonSignificant = 0;
    for (const s of ranked.filter((x) => x.strategy !== summary.baseline)) {
      const row = rows[ranked.indexOf(s)];
      for (const m of deltaMetrics) {
        const d = s.vsBaseline![m];
        const text = formatDelta(m, d.mean) + (d.significant ? '' : ' (n.s.)');
        expect(row).toContain(`| ${text} |`);
        if (!d.significant) nonSignificant++;
      }
    }
    expect(nonSignificant).toBeGreaterThan(0);
    expect(rows.find((r) => r.includes(summary.baseline))).toContain('| baseline | baseline | baseline |');
  });

  it('renders the claims with verdicts and escapes pipes inside cells', () => {
    const claims = sectionOf(md, 'Claims');
    expect(claims).toContain('1 of 2 claims held');
    expect(claims).toContain('| Claim | Measured | Verdict | Detail |');
    expect(claims).toContain('| ✅ HELD |');
    expect(claims).toContain('| ❌ DID NOT HOLD |');
    expect(claims).toContain('medium tier \\| and retries');
    for (const c of summary.claims!) expect(claims).toContain(c.claim);
  });

  it('omits the claims section when the summary has none', async () => {
    const noClaims: CompareSummary = compareFixture({ withClaims: false });
    const out = contentOf(await buildReportFiles(noClaims), 'report.md');
    expect(out).not.toContain('## Claims');
  }, 20_000);

  it('embeds every chart with a relative link, and has incidents and a reading guide', () => {
    for (const c of chartsFor(summary)) expect(md).toContain(`![${c.title}](charts/${c.name}.svg)`);
    const incidents = sectionOf(md, 'Incidents');
    expect(incidents).toContain('alpha down 10:00–15:00: detect');
    expect(incidents).toContain('not detected');
    expect(sectionOf(md, 'How to read this')).toContain('n.s.');
    expect(md).not.toMatch(/NaN|undefined|null/);
  });

  it('makes a self-contained HTML file: no external src/href, no <link>, every chart has its div and spec', () => {
    // Attributes of tags only: the inlined vega source legitimately mentions URLs in its code.
    const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, (tag) => tag.slice(0, tag.indexOf('>') + 1));
    const refs = [...markup.matchAll(/\s(?:src|href|action|data|poster|srcset)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]);
    expect(refs.filter((r) => /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(r) || /^(?:https?|ftp):/i.test(r))).toEqual([]);
    expect(markup).not.toMatch(/<link\b/i);
    expect(markup).not.toMatch(/<script\b[^>]*\ssrc=/i);
    expect(markup).not.toMatch(/@import|url\(\s*["']?https?:/i);
    expect(markup).toContain('Content-Security-Policy');
    const specs = JSON.parse(/<script type="application\/json" id="routesim-chart-specs">([\s\S]*?)<\/script>/.exec(html)![1]);
    for (const c of chartsFor(summary)) {
      expect(markup).toContain(`<div class="chart" data-chart="${c.name}"`);
      expect(specs[c.name]).toEqual(JSON.parse(JSON.stringify(c.spec)));
    }
    // The libraries are inlined, not referenced.
    expect(html).toContain('vegaLite');
    expect(html.length).toBeGreaterThan(500_000);
  });

  it('shows the same ranking numbers in the HTML as in the Markdown', () => {
    const ranking = sectionOf(md, 'Ranking').split('\n').filter((l) => /^\| \d+ \|/.test(l));
    const firstValue = ranking[0].split(' | ')[2]; // "100.00% ± 0"
    const [mean, hw] = firstValue.split(' ± ');
    expect(html).toContain(`${mean}<span class="note">± ${hw}</span>`);
  });
});

describe('renderReport edge cases', () => {
  it('renders a summary that went through JSON (NaN became null) with dashes, not "NaN"', async () => {
    const roundTripped = JSON.parse(JSON.stringify(compareFixture())) as CompareSummary;
    const files = await buildReportFiles(roundTripped);
    const md = contentOf(files, 'report.md');
    expect(md).not.toMatch(/NaN|null|undefined/);
    // The oracle has no detection times at all: its row of means shows dashes.
    expect(md.split('\n').filter((l) => l.startsWith('| oracle |'))).toContain('| oracle | — | 0 | — | 0 |');
  }, 20_000);

  it('renders a sweep: facts, heatmaps and the grid table', async () => {
    const sweep = sweepFixture2d();
    const files = await buildReportFiles(sweep);
    const md = contentOf(files, 'report.md');
    expect(md).toContain('# routesim sweep: quickstart');
    expect(md).toContain('traffic.arrivals.ratePerS ∈ {4, 8, 16}');
    for (const n of ['sweep-uptime', 'sweep-cost-per-1k', 'sweep-p99']) expect(md).toContain(`(charts/${n}.svg)`);
    const grid = sectionOf(md, 'Grid results').split('\n').filter((l) => /^\| (round-robin|p2c-ewma|cost) \|/.test(l));
    expect(grid).toHaveLength(sweep.points.length);
    expect(md).not.toContain('## Ranking');
  }, 20_000);

  it('renders a comparison with no strategies without charts instead of throwing', async () => {
    const empty: CompareSummary = { ...compareFixture(), strategies: [] };
    const files = await buildReportFiles(empty);
    expect(files.map((f) => f.path)).toEqual(['report.md', 'report.html']);
  });
});
