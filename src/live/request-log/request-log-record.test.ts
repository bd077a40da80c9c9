import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  REQUEST_LOG_SCHEMA,
  RequestLogWriter,
  parseRequestLogLine,
  type RequestLogRecord,
} from './request-log-record.js';

const record: RequestLogRecord = {
  schema: REQUEST_LOG_SCHEMA,
  requestId: '17',
  startUnixMs: 1_765_000_000_000.5,
  'gen_ai.request.model': 'auto',
  'gen_ai.response.model': 'gpt-4o-mini',
  stream: true,
  tenant: null,
  clientHash: 'a1b2',
  'gen_ai.usage.input_tokens': 120,
  'gen_ai.usage.output_tokens': 40,
  ttftMs: 210.25,
  latencyMs: 900.5,
  ok: true,
  outcome: 'success',
  'error.type': null,
  costUsd: 0.00042,
  attempts: [
    {
      attemptNo: 0,
      deployment: 'a/gpt-4o-mini',
      'gen_ai.provider.name': 'a',
      'server.address': '127.0.0.1:4100',
      startOffsetMs: 0,
      ttftMs: null,
      latencyMs: 30,
      outcome: 'rate-limited',
      'http.response.status_code': 429,
      retryAfterMs: 1000,
      'gen_ai.usage.input_tokens': 0,
      'gen_ai.usage.output_tokens': 0,
      costUsd: 0,
      hedge: false,
    },
  ],
};

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('request log record', () => {
  it('appends one parseable line per record and keeps existing lines', () => {
    dir = mkdtempSync(join(tmpdir(), 'request-log-'));
    const path = join(dir, 'requests.jsonl');
    writeFileSync(path, 'earlier\n');
    const writer = new RequestLogWriter(path);
    writer.append(record);
    writer.append({ ...record, requestId: '18', ok: false, outcome: 'retries-exhausted', 'error.type': 'rate-limited' });
    writer.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[0]).toBe('earlier');
    expect(lines).toHaveLength(4);
    expect(parseRequestLogLine(lines[1]!)).toEqual(record);
    expect(parseRequestLogLine(lines[2]!).outcome).toBe('retries-exhausted');
    expect(lines[3]).toBe('');
  });

  it('refuses unknown keys (nothing but the listed fields: no headers, prompts or keys)', () => {
    expect(() => parseRequestLogLine(JSON.stringify({ ...record, authorization: 'Bearer x' }))).toThrow(/authorization/);
    const attempt = { ...record.attempts[0]!, headers: {} };
    expect(() => parseRequestLogLine(JSON.stringify({ ...record, attempts: [attempt] }))).toThrow(/headers/);
  });

  it('refuses a negative duration and a wrong schema tag', () => {
    expect(() => parseRequestLogLine(JSON.stringify({ ...record, latencyMs: -1 }))).toThrow();
    expect(() => parseRequestLogLine(JSON.stringify({ ...record, schema: 'other/1' }))).toThrow();
  });
});
