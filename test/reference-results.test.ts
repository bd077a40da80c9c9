import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateClaims } from '../src/lab/claims.js';
import { compareStrategies } from '../src/lab/compare.js';
import type { CompareSummary } from '../src/lab/compare-summary.js';
import { readScenarioSource } from '../src/lab/scenario-source.js';
import { toStableJson } from '../src/lab/stable-json.js';
import { routesimVersion } from '../src/lab/version.js';
import { renderReport } from '../src/report/render-report.js';

/**
 * Committed reference runs (results/reference/<name>/: summary.json, report.md, charts/*.svg)
 * that people can browse on a code host. This test re-simulates each one and requires the
 * regenerated summary.json to be byte-identical: determinism checked on every machine.
 * After a deliberate change of results: `npm run reference` rewrites them.
 */
const REFERENCES: { name: string; scenario: string; strategies: string[]; replications: number }[] = [
  { name: 'quickstart', scenario: 'scenarios/quickstart.yaml', strategies: ['round-robin', 'least-connections', 'p2c', 'p2c-ewma', 'cost', 'oracle'], replications: 3 },
  { name: 'gray-failure', scenario: 'scenarios/gray-failure.yaml', strategies: ['round-robin', 'least-connections', 'p2c-ewma', 'performance', 'oracle'], replications: 3 },
  { name: 'seed-claims', scenario: 'scenarios/seed-claims.yaml', strategies: ['hybrid', 'cost', 'round-robin', 'p2c-ewma', 'oracle'], replications: 3 },
];
const ROOT = join(import.meta.dirname, '..', 'results', 'reference');
const UPDATE = process.env.UPDATE_REFERENCE === '1';

function simulate(ref: (typeof REFERENCES)[number]): CompareSummary {
  const src = readScenarioSource(ref.scenario);
  const summary = compareStrategies(src.scenario, {
    strategies: ref.strategies,
    replications: ref.replications,
    origin: { file: src.file, sha256: src.sha256 },
    routesimVersion: routesimVersion(),
  });
  const claims = src.scenario.claims;
  return claims ? { ...summary, claims: evaluateClaims(src.scenario, claims, summary.replications, summary.seed) } : summary;
}

describe('committed reference runs', () => {
  for (const ref of REFERENCES) {
    it(`${ref.name}: regenerated summary.json is byte-identical to the committed one`, async () => {
      const dir = join(ROOT, ref.name);
      const json = toStableJson(simulate(ref));
      if (UPDATE) {
        rmSync(dir, { recursive: true, force: true });
        const summary = JSON.parse(json) as CompareSummary;
        const files: [string, string][] = [['summary.json', json]];
        await renderReport(summary, (rel, content) => {
          if (rel === 'report.md' || (rel.startsWith('charts/') && rel.endsWith('.svg'))) files.push([rel, content]);
        });
        for (const [rel, content] of files) {
          mkdirSync(dirname(join(dir, rel)), { recursive: true });
          writeFileSync(join(dir, rel), content);
        }
      }
      expect(existsSync(join(dir, 'summary.json')), `missing reference: run \`npm run reference\``).toBe(true);
      expect(json === readFileSync(join(dir, 'summary.json'), 'utf8'), `${ref.name}/summary.json differs: results changed; if deliberate, run \`npm run reference\``).toBe(true);
    });
  }
});
