import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRequestLogLine } from '../../src/live/request-log/request-log-record.js';
import { okCompletion, startScriptedUpstream } from '../support/scripted-upstream.js';
import { BIN, expectNoStack, routesim } from '../support/routesim-process.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const config = (baseUrl: string) => `name: g
durationS: 60
traffic: { arrivals: { kind: poisson, ratePerS: 1 } }
providers:
  - id: a
    endpoint: { baseUrl: "${baseUrl}", apiKeyEnv: GW_CLI_TEST_KEY }
    models: [{ id: m }]
router: { strategy: round-robin }
`;

describe('routesim gateway (process)', () => {
  it('refuses a config without endpoints before listening: exit 2, file:line, no stack', () => {
    const dir = tempDir();
    const file = join(dir, 'g.yaml');
    writeFileSync(file, config('http://127.0.0.1:9/v1').replace('    endpoint: { baseUrl: "http://127.0.0.1:9/v1", apiKeyEnv: GW_CLI_TEST_KEY }\n', ''));
    const r = routesim(['gateway', file, '--port', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/g\.yaml:5:5: providers\[0\]: provider 'a' has no endpoint/);
    expectNoStack(r.stderr);
    expect(r.stdout).toBe('');
  });

  it('listens, answers, logs one line per request, and drains on SIGTERM with exit 0', async () => {
    const up = await startScriptedUpstream([okCompletion('m')]);
    cleanups.push(() => up.close());
    const dir = tempDir();
    const file = join(dir, 'g.yaml');
    writeFileSync(file, config(up.baseUrl));
    const log = join(dir, 'requests.jsonl');
    const child = spawn(process.execPath, [BIN, 'gateway', file, '--port', '0', '--json', '--request-log', log], { env: { ...process.env, GW_CLI_TEST_KEY: 'sk-cli-secret' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += String(d);
        const line = stdout.split('\n').find((l) => l.includes('"listening"'));
        if (line !== undefined) resolve(JSON.parse(line).url as string);
      });
      void exited.then(() => reject(new Error(`gateway exited before listening: ${stderr}`)));
    });
    const res = await request(`${url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    expect(up.seen[0].headers.authorization).toBe('Bearer sk-cli-secret');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('"event":"stopped","cancelled":0');
    expect(stdout + stderr).not.toContain('sk-cli-secret');
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(parseRequestLogLine(lines[0])).toMatchObject({ ok: true, attempts: [{ deployment: 'a/m', outcome: 'success' }] });
  }, 60_000);
});
