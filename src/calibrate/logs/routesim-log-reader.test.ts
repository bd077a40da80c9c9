import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REQUEST_LOG_SCHEMA, type RequestLogRecord } from '../../live/request-log/request-log-record.js';
import { newReadNotes } from './logged-request.js';
import { readRoutesimLog } from './routesim-log-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'routesim-log-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A one-attempt request as the gateway logs it: unstreamed, its TTFT is the whole answer's time. */
const record = (stream: boolean): RequestLogRecord => ({
  schema: REQUEST_LOG_SCHEMA, requestId: '1', startUnixMs: 1_765_000_000_000, 'gen_ai.request.model': 'auto', 'gen_ai.response.model': 'm',
  stream, tenant: null, clientHash: null, 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 20, ttftMs: 900, latencyMs: 900,
  ok: true, outcome: 'success', 'error.type': null, costUsd: 0,
  attempts: [{
    attemptNo: 0, deployment: 'p/m', 'gen_ai.provider.name': 'p', 'server.address': '127.0.0.1:1', startOffsetMs: 0, ttftMs: 900, latencyMs: 900,
    outcome: 'success', 'http.response.status_code': 200, retryAfterMs: null, 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 20, costUsd: 0, hedge: false,
  }],
});

describe('readRoutesimLog', () => {
  it('keeps the TTFT of a streamed request and drops that of an unstreamed one (its first token came with the whole answer)', () => {
    const file = join(dir, 'requests.jsonl');
    writeFileSync(file, [record(true), record(false)].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const [streamed, unstreamed] = [...readRoutesimLog(file, newReadNotes())];
    expect([streamed.ttftMs, streamed.attempts[0].ttftMs]).toEqual([900, 900]);
    expect([unstreamed.ttftMs, unstreamed.attempts[0].ttftMs]).toEqual([null, null]);
    expect(unstreamed.attempts[0].latencyMs).toBe(900);
  });
});
