import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a scripted upstream does with one request. */
export type Script = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface ScriptedUpstream {
  readonly baseUrl: string;
  /** Requests received, in order (method, url, headers, body). */
  readonly seen: { url: string; headers: IncomingMessage['headers']; body: string }[];
  /** Resolves when the n-th request (1-based) has arrived. */
  received(n: number): Promise<void>;
  /** Resolves when the n-th request's connection closed (client gave up or answer sent). */
  closed(n: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * An OpenAI-shaped upstream on 127.0.0.1 that answers each chat request with the next script
 * (the last one repeats); health probes (GET) answer 200. For status mapping and cancels.
 */
export async function startScriptedUpstream(scripts: readonly Script[]): Promise<ScriptedUpstream> {
  const seen: ScriptedUpstream['seen'] = [];
  const arrivals: (() => void)[] = [];
  const closes: (() => void)[] = [];
  const arrived: Promise<void>[] = [];
  const closedP: Promise<void>[] = [];
  const slot = (n: number) => {
    while (arrived.length < n) {
      arrived.push(new Promise((r) => arrivals.push(r)));
      closedP.push(new Promise((r) => closes.push(r)));
    }
  };
  const server = createServer((req, res) => {
    if (req.method === 'GET') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      const n = seen.length;
      slot(n);
      res.on('close', () => closes[n - 1]());
      scripts[Math.min(n, scripts.length) - 1](req, res, body);
      arrivals[n - 1]();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    seen,
    received: (n) => (slot(n), arrived[n - 1]),
    closed: (n) => (slot(n), closedP[n - 1]),
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}

export const okCompletion = (model: string, outputTokens = 3): Script => (_req, res) => {
  const body = JSON.stringify({
    id: 'x', object: 'chat.completion', created: 0, model,
    choices: [{ index: 0, message: { role: 'assistant', content: ' tok'.repeat(outputTokens) }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 4, completion_tokens: outputTokens, total_tokens: 4 + outputTokens },
  });
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
};

export const status = (code: number, headers: Record<string, string> = {}, body = '{"error":{"message":"no","type":"invalid_request_error","param":null,"code":null}}'): Script => (_req, res) => {
  res.writeHead(code, { 'content-type': 'application/json', ...headers }).end(body);
};

/** Never answers (until the client goes away). */
export const hang: Script = () => {};
