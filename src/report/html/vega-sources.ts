/**
 * The browser builds of vega and vega-lite, read from node_modules at render time so the
 * HTML report is self-contained without copying the libraries into the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ReportRenderError } from '../report-error.js';

const require = createRequire(import.meta.url);

/** The packages' exports maps hide build/, so resolve the entry point and look next to it. */
function buildFile(pkg: string, file: string): string {
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch (e) {
    throw new ReportRenderError(`cannot find the "${pkg}" package to inline into report.html`, { cause: e });
  }
  const path = join(dirname(entry), file);
  if (!existsSync(path)) throw new ReportRenderError(`"${pkg}" has no browser build at ${path}`);
  return path;
}

export interface VegaSources {
  readonly vega: string;
  readonly vegaLite: string;
}

export function readVegaSources(): VegaSources {
  return {
    vega: readFileSync(buildFile('vega', 'vega.min.js'), 'utf8'),
    vegaLite: readFileSync(buildFile('vega-lite', 'vega-lite.min.js'), 'utf8'),
  };
}
