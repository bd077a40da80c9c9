import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

/**
 * Mistakes that used to give wrong numbers silently are user errors: exit 2 and one line
 * naming the file, the field path and line:column — from `validate` and from `run` alike.
 */
const dir = mkdtempSync(join(tmpdir(), 'routesim-silent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = 'name: s\ndurationS: 60\ntraffic: { arrivals: { kind: poisson, ratePerS: 1 } }\n';

const CASES: { name: string; text: string; line: RegExp }[] = [
  {
    name: 'incident-model.yaml',
    text: `${HEAD}providers:\n  - id: p\n    models: [{ id: m1 }]\n    incidents: [{ kind: down, startS: 10, durationS: 5, models: [m2] }]\n`,
    line: /incident-model\.yaml:7:66: providers\[0\]\.incidents\[0\]\.models\[0\]: unknown model 'm2'; did you mean 'm1'\? \(models: m1\)$/,
  },
  {
    name: 'omap.yaml',
    text: `${HEAD}providers: [{ id: p, models: [{ id: m }] }]\nrouter: !!omap\n  - strategy: cost\n`,
    line: /omap\.yaml:5:9: router: YAML tag !!omap is not supported in scenarios/,
  },
  {
    name: 'set.yaml',
    text: `${HEAD}providers: [{ id: p, models: [{ id: m }] }]\nmetrics: !!set { warmupS }\n`,
    line: /set\.yaml:5:10: metrics: YAML tag !!set is not supported in scenarios/,
  },
  {
    name: 'gz-trace.yaml',
    text: 'name: s\ndurationS: 60\ntraffic:\n  trace: { path: t.csv.gz, format: azure }\nproviders: [{ id: p, models: [{ id: m }] }]\n',
    line: /gz-trace\.yaml:4:18: traffic\.trace\.path: is gzip-compressed; routesim reads plain text/,
  },
];

describe('silent mistakes are exit 2 with file, path and line', () => {
  writeFileSync(join(dir, 't.csv.gz'), gzipSync('TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00.0,1,1\n'));
  for (const c of CASES) {
    it(c.name, async () => {
      const file = join(dir, c.name);
      writeFileSync(file, c.text);
      for (const command of ['validate', 'run']) {
        const r = await cli([command, file]);
        expect(r.exitCode, `${command}: ${r.stderr}`).toBe(2);
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(c.line);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    });
  }
});
