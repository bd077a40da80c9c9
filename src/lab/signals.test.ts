import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { STOPPING_MESSAGE, installInterruptHandler } from './signals.js';

function setup() {
  const target = new EventEmitter();
  const said: string[] = [];
  let quits = 0;
  const h = installInterruptHandler({ target, notify: (m) => said.push(m), quitNow: () => quits++ });
  return { target, said, h, quits: () => quits };
}

describe('interrupt handler', () => {
  it('during a stoppable job: the first Ctrl-C asks it to stop (once, aborting its signal); the second quits', async () => {
    const { target, said, h, quits } = setup();
    let stopped: AbortSignal | undefined;
    let onStopCalls = 0;
    await h.stoppable(async (stop) => {
      stopped = stop;
      expect(h.shouldStop()).toBe(false);
      target.emit('SIGINT');
      expect(stop.aborted).toBe(true);
      expect(h.shouldStop()).toBe(true);
      expect(said).toEqual([STOPPING_MESSAGE]);
      expect(quits()).toBe(0);
      target.emit('SIGINT');
      expect(quits()).toBe(1);
    }, () => onStopCalls++);
    expect(stopped?.aborted).toBe(true);
    expect(onStopCalls).toBe(1);
    expect(said).toHaveLength(1);
  });

  it('outside a job any Ctrl-C quits at once, and the handler stays installed after a job ends', async () => {
    const { target, said, h, quits } = setup();
    target.emit('SIGINT');
    expect(quits()).toBe(1);
    await h.stoppable(async () => 'done');
    expect(target.listenerCount('SIGINT')).toBe(1);
    target.emit('SIGINT');
    expect(quits()).toBe(2);
    expect(said).toEqual([]);
  });

  it('a job started after a Ctrl-C starts stopped', async () => {
    const { target, h } = setup();
    target.emit('SIGINT');
    expect(await h.stoppable(async (stop) => stop.aborted)).toBe(true);
  });

  it('dispose removes the listener', () => {
    const { target, h } = setup();
    h.dispose();
    expect(target.listenerCount('SIGINT')).toBe(0);
  });
});
