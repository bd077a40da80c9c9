import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** routesim's version from package.json (two levels up from both src/lab and dist/lab). */
export function routesimVersion(): string {
  if (cached === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
      cached = typeof pkg.version === 'string' ? pkg.version : 'unknown';
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
