import { request } from 'undici';
import type { Scenario } from '../../src/config/scenario-schema.js';
import { RealScheduler } from '../../src/core/real-scheduler.js';
import { ScaledScheduler } from '../../src/core/scaled-scheduler.js';
import { EmulatedProviders } from '../../src/live/providers/emulated-providers.js';
import { startProviderServer, type RunningProviderServer } from '../../src/live/providers/provider-server.js';

/** The scenario's providers served in this process on 127.0.0.1, an ephemeral port; scenario time 0 at `epochMs` (performance.now(); default now). */
export async function startEmulated(scenario: Scenario, timeScale: number, seed: string | number = scenario.seed, epochMs?: number): Promise<RunningProviderServer & { world: EmulatedProviders; clock: ScaledScheduler; baseUrl: (id: string) => string }> {
  const clock = new ScaledScheduler(new RealScheduler({ epochMs }), timeScale);
  const world = new EmulatedProviders(scenario, seed, clock);
  let next = 2 ** 40;
  const running = await startProviderServer(world, {
    host: '127.0.0.1', port: 0, clock, minChunkIntervalMs: 2, unixNowS: () => 0, freshRequestId: () => next++,
  });
  return { ...running, world, clock, baseUrl: (id) => running.endpoints.providers.find((p) => p.id === id)!.baseUrl };
}

export interface ChatReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** POSTs a chat completion and reads the whole answer (rejects on a reset connection). */
export async function postChat(baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<ChatReply> {
  const res = await request(`${baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** The data payloads of an SSE body, in order. */
export function sseData(text: string): string[] {
  return text.split('\n\n').filter((b) => b.startsWith('data: ')).map((b) => b.slice(6));
}
