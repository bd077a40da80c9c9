/** Vega-Lite → Vega compilation with the compiler's warnings collected instead of printed. */
import type { Spec as VegaSpec } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { ReportRenderError } from './report-error.js';

type CompileLogger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;

export interface CompiledChart {
  readonly vega: VegaSpec;
  readonly warnings: readonly string[];
}

/** Collects what vega-lite would print; `level` is accepted and ignored (we keep everything). */
function collectingLogger(warnings: string[], errors: string[]): CompileLogger {
  const text = (args: readonly unknown[]) => args.map(String).join(' ');
  const logger = {
    level(_?: number) { return logger; },
    error(...args: readonly unknown[]) { errors.push(text(args)); return logger; },
    warn(...args: readonly unknown[]) { warnings.push(text(args)); return logger; },
    info() { return logger; },
    debug() { return logger; },
  };
  return logger as unknown as CompileLogger;
}

export function compileChart(name: string, spec: TopLevelSpec): CompiledChart {
  const warnings: string[] = [];
  const errors: string[] = [];
  let vega: VegaSpec;
  try {
    vega = compile(spec, { logger: collectingLogger(warnings, errors) }).spec;
  } catch (e) {
    throw new ReportRenderError(`chart "${name}" does not compile: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (errors.length > 0) throw new ReportRenderError(`chart "${name}" does not compile: ${errors.join('; ')}`);
  return { vega, warnings };
}
