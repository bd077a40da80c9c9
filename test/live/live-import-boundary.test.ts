import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * live/ runs the simulator's models on the wall clock but never its engine: nothing it imports,
 * directly or through other modules, may be the event queue, the SimScheduler or run-scenario.
 */
const SRC = join(import.meta.dirname, '..', '..', 'src');
const ENGINE = ['sim/run-scenario.ts', 'sim/event-queue.ts', 'sim/sim-scheduler.ts'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** Relative imports of a module (value and type imports alike), as source paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) out.push(resolve(dirname(file), m[1].replace(/\.js$/, '.ts')));
  return out;
}

describe('live/ import boundary', () => {
  it('no module of live/ reaches the simulator engine, even transitively', () => {
    const roots = files(join(SRC, 'live'));
    expect(roots.length).toBeGreaterThan(5);
    const offences: string[] = [];
    for (const root of roots) {
      const seen = new Set<string>();
      const stack: { file: string; via: string[] }[] = [{ file: root, via: [] }];
      while (stack.length > 0) {
        const { file, via } = stack.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        const rel = relative(SRC, file).split('\\').join('/');
        if (ENGINE.includes(rel)) {
          offences.push([...via, rel].join(' → '));
          continue;
        }
        for (const next of importsOf(file)) stack.push({ file: next, via: [...via, rel] });
      }
    }
    expect(offences).toEqual([]);
  });

  it('the check sees an engine import when there is one (the simulator world imports the SimScheduler type)', () => {
    expect(importsOf(join(SRC, 'sim', 'world', 'world.ts')).map((f) => relative(SRC, f))).toContain(join('sim', 'sim-scheduler.ts'));
  });
});
