import type { ServerResponse } from 'node:http';

/** Server-sent events as OpenAI streams them: `data: <json>\n\n`, ending with `data: [DONE]`. */
export function writeSseHead(res: ServerResponse, extraHeaders: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...extraHeaders });
  res.flushHeaders();
}

export function writeSseData(res: ServerResponse, payload: unknown): void {
  res.write(`data: ${JSON.stringify(payload)}\n\n`);
}

export function endSse(res: ServerResponse): void {
  res.end('data: [DONE]\n\n');
}
