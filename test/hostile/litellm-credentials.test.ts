import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTree } from '../support/read-tree.js';
import { cli } from '../support/cli.js';
import { configSecrets, hostOf, redactSecrets } from '../../src/import/litellm/config-secrets.js';
import { parseLitellmConfig } from '../../src/import/litellm/litellm-config.js';

/**
 * A LiteLLM config's credentials (userinfo and query strings of api_base, api keys, headers)
 * never appear in anything `import litellm` prints or writes, nor in what routesim makes of
 * the imported scenario afterwards (run output, compare reports). Before the fix, the
 * userinfo of an api_base became a provider id (`azure-sk-live-x9Qv7-`), in every report.
 */

const SECRETS = ['sk-live-x9Qv7', 'alice7q', 'pa55w0rdZ', 'sk-query-777', 'sk-plain-secret-123', 'Bearer tok-hdr-42', 'sk-group-key-5'];

const CONFIG = `model_list:
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o
      api_base: https://sk-live-x9Qv7@eastus.openai.azure.com
      api_key: sk-plain-secret-123
      rpm: 600
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o
      api_base: https://alice7q:pa55w0rdZ@westus.example.com/v1
      extra_headers: { Authorization: Bearer tok-hdr-42 }
      rpm: 600
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o
      api_base: https://northeu.example.com/v1?api_key=sk-query-777&x=1
      rpm: 600
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o
      api_base: https://sk-group-key-5@sk-group-key-5.example.com
      rpm: 600
`;

const dir = mkdtempSync(join(tmpdir(), 'routesim-creds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectNoSecret(where: string, text: string): void {
  for (const s of SECRETS) expect(text.includes(s), `${where} contains '${s}'`).toBe(false);
}

describe('import litellm never carries credentials into its output', () => {
  const config = join(dir, 'config.yaml');
  writeFileSync(config, CONFIG);

  it('hostOf takes the host name only', () => {
    expect(hostOf('https://sk-live-x@host.example.com:8443/v1?api_key=k')).toBe('host.example.com');
    expect(hostOf('https://user:pass@host')).toBe('host');
    expect(hostOf('os.environ/AZURE_API_BASE')).toBeUndefined();
    expect(hostOf('not a url')).toBeUndefined();
  });

  it('finds every credential in the config and redacts it', () => {
    const found = configSecrets(parseLitellmConfig(CONFIG, 'config.yaml'));
    for (const s of SECRETS) expect(found).toContain(s);
    expect(redactSecrets('a sk-live-x9Qv7 b alice7q:pa55w0rdZ c', found)).toBe('a REDACTED b REDACTED c');
  });

  it('stdout, stderr, the written scenario, and the run and compare outputs made from it', async () => {
    const toStdout = await cli(['import', 'litellm', config, '--duration-s', '60']);
    expect(toStdout.exitCode).toBe(0);
    expectNoSecret('stdout', toStdout.stdout);
    expectNoSecret('stderr', toStdout.stderr);
    // The ids are the hosts' first labels.
    for (const id of ['azure-eastus', 'azure-westus', 'azure-northeu']) expect(toStdout.stdout).toContain(`id: ${id}`);

    const out = join(dir, 'imported.yaml');
    const written = await cli(['import', 'litellm', config, '--duration-s', '60', '--out', out]);
    expect(written.exitCode).toBe(0);
    expectNoSecret('stderr of --out', written.stderr);
    expectNoSecret('the written scenario', readFileSync(out, 'utf8'));

    for (const args of [['run', out, '--quiet'], ['run', out, '--json', '--quiet', '--explain', '3']]) {
      const run = await cli(args);
      expect(run.exitCode, run.stderr).toBe(0);
      expectNoSecret(`${args.join(' ')} stdout`, run.stdout);
      expectNoSecret(`${args.join(' ')} stderr`, run.stderr);
    }
    const results = join(dir, 'results');
    const compare = await cli(['compare', out, '--strategies', 'round-robin,weighted-random', '--replications', '2', '--quiet', '--out', results]);
    expect(compare.exitCode, compare.stderr).toBe(0);
    expectNoSecret('compare stdout', compare.stdout + compare.stderr);
    for (const [file, bytes] of readTree(results)) expectNoSecret(file, bytes.toString("latin1"));
  });
});
