import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../src/config/load-scenario.js';
import { CostOverflowError } from '../src/metrics/cost-overflow-error.js';
import { runScenario } from '../src/sim/run-scenario.js';
import { cli } from './support/cli.js';

/**
 * Prices are schema-valid finite numbers, but costs computed from them can overflow. A cost
 * that is not a finite number used to print as null and still be ranked; the run is refused.
 */
const TEXT = `
name: cost-overflow
durationS: 120
traffic: { arrivals: { kind: poisson, ratePerS: 2 } }
providers:
  - id: huge
    models: [{ id: m, inputUsdPerMTok: 1e308, outputUsdPerMTok: 1 }]
  - id: fine
    models: [{ id: m, inputUsdPerMTok: 1, outputUsdPerMTok: 1 }]
`;

const dir = mkdtempSync(join(tmpdir(), 'routesim-cost-overflow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cost overflow', () => {
  it('stops the run at the first bill that overflows, naming the deployment', () => {
    expect(() => runScenario(parseScenarioText(TEXT, 'x.yaml'), { strategy: 'round-robin' })).toThrow(CostOverflowError);
    expect(() => runScenario(parseScenarioText(TEXT, 'x.yaml'), { strategy: 'round-robin' })).toThrow(/^cost overflow: at [\d.]+ s a bill of deployment 'huge\/m'/);
  });

  it('also when the bills are finite but their sum is not', () => {
    // 1e305 USD per MTok × ~500 tokens: each bill ≈ 5e301 USD, finite; a handful pass the limit (1.8e302).
    const text = TEXT.replace('inputUsdPerMTok: 1e308', 'inputUsdPerMTok: 1e305');
    expect(() => runScenario(parseScenarioText(text, 'x.yaml'), { strategy: 'round-robin' })).toThrow(CostOverflowError);
  });

  it('compare refuses it with exit 2 and one line, and writes nothing', async () => {
    const file = join(dir, 'overflow.yaml');
    writeFileSync(file, TEXT);
    const out = join(dir, 'results');
    const r = await cli(['compare', file, '--strategies', 'round-robin,cost', '--replications', '2', '--out', out, '--workers', '1', '--quiet']);
    expect(r.exitCode).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^routesim: cost overflow: .*'huge\/m'/);
    expect(existsSync(out)).toBe(false);
  });
});
