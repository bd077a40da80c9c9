import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenarioText } from '../src/config/load-scenario.js';
import { runScenario } from '../src/sim/run-scenario.js';
import { errorLines } from './support/scenario-errors.js';
import { cli } from './support/cli.js';

/**
 * Valid settings that silently do nothing or make the figures meaningless are reported as
 * warnings (`file:line:col: warning: path: message`), like models without prices.
 */

const dir = mkdtempSync(join(tmpdir(), 'routesim-warnings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = [
  'name: w',
  'durationS: 600',
  'traffic:',
  '  arrivals: { kind: poisson, ratePerS: 1 }',
  'providers:',
  '  - id: a',
  '    models: [{ id: m }, { id: n }]',
  '  - id: b',
  '    models: [{ id: m }]',
].join('\n');

function warningsOf(text: string, file = 'x.yaml'): string[] {
  const out: string[] = [];
  parseScenarioText(text, file, { onWarning: (w) => out.push(w) });
  return out;
}

function warningsOfFile(name: string, text: string): string[] {
  const file = join(dir, name);
  writeFileSync(file, text);
  const out: string[] = [];
  loadScenarioFile(file, { onWarning: (w) => out.push(w) });
  return out.map((w) => w.slice(dir.length + 1));
}

describe('scenario warnings', () => {
  it('a plain scenario has none', () => {
    expect(warningsOf(BASE)).toEqual([]);
    expect(warningsOf(`${BASE}\nrouter: { hedging: { percentile: 95 } }\nmetrics: { warmupS: 599 }`)).toEqual([]);
  });

  it('hedging: {} never hedges', () => {
    expect(warningsOf(`${BASE}\nrouter:\n  hedging: {}`)).toEqual([
      'x.yaml:11:12: warning: router.hedging: sets neither delayMs nor percentile, so no request is ever hedged; set one (e.g. percentile: 95) or write hedging: false',
    ]);
    expect(warningsOf(`${BASE}\nrouter:\n  hedging: { maxHedgeRatio: 0.5 }`)).toHaveLength(1);
    expect(runScenario(parseScenarioText(`${BASE}\nrouter:\n  hedging: {}`, 'x.yaml')).hedges).toBe(0);
    expect(warningsOf(`${BASE}\nrouter:\n  hedging: { delayMs: 100, maxHedgeRatio: 0 }`)).toEqual([
      'x.yaml:11:43: warning: router.hedging.maxHedgeRatio: 0 allows no hedge at all, so no request is ever hedged; raise it (e.g. 0.1) or write hedging: false',
    ]);
  });

  it('warmupS >= durationS measures nothing, and the empty run is not 100% up', () => {
    const text = `${BASE}\nmetrics: { warmupS: 600 }`;
    expect(warningsOf(text)).toEqual([
      'x.yaml:10:21: warning: metrics.warmupS: 600 s is not shorter than durationS (600 s): no request is measured, so every figure is empty; shorten the warm-up or lengthen the run',
    ]);
    const s = runScenario(parseScenarioText(text, 'x.yaml'));
    expect(s.requests.total).toBe(0);
    expect(s.uptime).toBeNaN();
  });

  it('incidents and price changes at or after the horizon never happen', () => {
    const text = BASE.replace(
      '    models: [{ id: m }, { id: n }]',
      [
        '    models: [{ id: m }, { id: n }]',
        '    incidents:',
        '      - { kind: down, startS: 900, durationS: 60 }',
        '      - { kind: down, startS: 599, durationS: 60 }',
        '      - { kind: errors, timeBetweenS: 100, durationS: 10, afterS: 600 }',
        '    priceChanges: [{ atS: 600, model: m, inputUsdPerMTok: 1 }]',
      ].join('\n'),
    );
    expect(warningsOf(text)).toEqual([
      'x.yaml:9:31: warning: providers[0].incidents[0].startS: this incident starts at 900 s, at or after the end of the run (durationS: 600 s): it never happens',
      'x.yaml:11:67: warning: providers[0].incidents[2].afterS: these incidents cannot start before 600 s, at or after the end of the run (durationS: 600 s): it never happens',
      'x.yaml:12:27: warning: providers[0].priceChanges[0].atS: this price change applies at 600 s, at or after the end of the run (durationS: 600 s): it never happens',
    ]);
  });

  it('strategy weights keyed by no deployment or provider override nothing', () => {
    const text = `${BASE}\nrouter:\n  strategy: weighted-round-robin\n  params: { weights: { a/m: 2, b: 1, "b/mm": 3, c: 1 } }\n  strategyParams: { priority: { weights: { zz: 1 } } }`;
    expect(warningsOf(text)).toEqual([
      `x.yaml:12:38: warning: router.params.weights["b/mm"]: 'b/mm' names no deployment ("provider/model") and no provider, so this weight overrides nothing; did you mean 'b/m'?`,
      `x.yaml:12:49: warning: router.params.weights.c: 'c' names no deployment ("provider/model") and no provider, so this weight overrides nothing`,
      `x.yaml:13:44: warning: router.strategyParams.priority.weights.zz: 'zz' names no deployment ("provider/model") and no provider, so this weight overrides nothing`,
    ]);
  });

  it('a CSV trace header naming a used column twice', () => {
    writeFileSync(join(dir, 'dup.csv'), 'TIMESTAMP,ContextTokens,GeneratedTokens,ContextTokens,Other,Other\n2023-11-16 18:00:00.0,100,20,7,1,1\n');
    const trace = (extra: string) => BASE.replace('  arrivals: { kind: poisson, ratePerS: 1 }', `  trace: { path: dup.csv, format: ${extra} }`);
    // Other is named twice too but not read: no warning for it.
    expect(warningsOfFile('azure.yaml', trace('azure'))).toEqual([
      "azure.yaml:4:18: warning: traffic.trace.path: the trace's header names column 'ContextTokens' 2 times (fields 2, 4); the replay reads field 2 only: rename the others",
    ]);
    expect(warningsOfFile('csv.yaml', trace('csv, columns: { timestamp: TIMESTAMP, inputTokens: ContextTokens, outputTokens: GeneratedTokens }'))).toEqual([
      "csv.yaml:4:86: warning: traffic.trace.columns.inputTokens: the trace's header names column 'ContextTokens' 2 times (fields 2, 4); the replay reads field 2 only: rename the others",
    ]);
  });

  it('validate prints the warnings on stderr and still exits 0', async () => {
    const file = join(dir, 'cli.yaml');
    writeFileSync(file, `${BASE}\nrouter:\n  hedging: {}\nmetrics: { warmupS: 900 }`);
    const r = await cli(['validate', file]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes(': warning: '))).toEqual([
      expect.stringMatching(/cli\.yaml:11:12: warning: router\.hedging: /),
      expect.stringMatching(/cli\.yaml:12:21: warning: metrics\.warmupS: /),
    ]);
  });
});

describe('a compressed trace', () => {
  const text = BASE.replace('  arrivals: { kind: poisson, ratePerS: 1 }', '  trace: { path: trace.csv.gz, format: azure }');
  const csv = 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00.0,100,20\n2023-11-16 18:00:01.0,100,20\n';

  it('is refused at load time as compressed, with its path and line, without echoing its bytes', () => {
    writeFileSync(join(dir, 'trace.csv.gz'), gzipSync(csv));
    const file = join(dir, 'gz.yaml');
    writeFileSync(file, text);
    const lines = errorLines(() => loadScenarioFile(file));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `${file}:4:18: traffic.trace.path: is gzip-compressed; routesim reads plain text: decompress it first (gunzip -k <file>) and point at the result: ${join(dir, 'trace.csv.gz')}`,
    );
  });

  it('is refused by the replay too (a file swapped after loading), naming the format, no bytes', () => {
    writeFileSync(join(dir, 'trace.csv.gz'), csv);
    const file = join(dir, 'gz2.yaml');
    writeFileSync(file, text);
    const scenario = loadScenarioFile(file);
    writeFileSync(join(dir, 'trace.csv.gz'), gzipSync(csv));
    let message = '';
    try {
      runScenario(scenario);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/trace\.csv\.gz: is gzip-compressed; routesim reads plain text/);
    expect(message).not.toMatch(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd]/);
  });
});
