import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { STOPPING_MESSAGE, installInterruptHandler } from './signals.js';

describe('interrupt handler', () => {
  it('first Ctrl-C asks to stop and says so once; the second quits', () => {
    const target = new EventEmitter();
    const said: string[] = [];
    let quits = 0;
    const h = installInterruptHandler({ target, notify: (m) => said.push(m), quitNow: () => quits++ });
    expect(h.shouldStop()).toBe(false);
    target.emit('SIGINT');
    expect(h.shouldStop()).toBe(true);
    expect(said).toEqual([STOPPING_MESSAGE]);
    expect(quits).toBe(0);
    target.emit('SIGINT');
    expect(quits).toBe(1);
    expect(said).toHaveLength(1);
    h.dispose();
    expect(target.listenerCount('SIGINT')).toBe(0);
  });
});
