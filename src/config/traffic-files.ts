import { statSync } from 'node:fs';
import { compressedFileDetail, MAGIC_BYTES } from '../core/compressed-data.js';
import { readFileHead } from '../core/user-file.js';
import { relativeToScenario } from './relative-to-scenario.js';
import type { Scenario } from './scenario-schema.js';
import type { ExplainedIssue } from './zod-issues.js';

/**
 * Resolves `traffic.trace.path` and `traffic.servegen.path` against the scenario file's
 * folder (so a scenario works from any working directory) and checks at load time that
 * they exist, so `validate` reports a wrong path with its line:column instead of a run
 * failing later. Rewrites the paths in the freshly parsed scenario to absolute ones.
 */
export function resolveTrafficFiles(scenario: Scenario, scenarioFile: string): ExplainedIssue[] {
  const issues: ExplainedIssue[] = [];
  const { trace, servegen } = scenario.traffic;
  if (trace !== undefined) {
    trace.path = relativeToScenario(scenarioFile, trace.path);
    const problem = kindProblem(trace.path, 'file') ?? compressedProblem(trace.path);
    if (problem) issues.push({ path: ['traffic', 'trace', 'path'], message: `${problem}: ${trace.path}` });
  }
  if (servegen !== undefined) {
    servegen.path = relativeToScenario(scenarioFile, servegen.path);
    const problem = kindProblem(servegen.path, 'folder');
    if (problem) issues.push({ path: ['traffic', 'servegen', 'path'], message: `${problem}: ${servegen.path}` });
  }
  return issues;
}

/** A gzip (or other compressed) trace is named as such at load time, not read as garbage rows. */
function compressedProblem(path: string): string | undefined {
  try {
    return compressedFileDetail(readFileHead(path, MAGIC_BYTES));
  } catch {
    return undefined; // unreadable: the run reports it with the reason
  }
}

function kindProblem(path: string, want: 'file' | 'folder'): string | undefined {
  try {
    const st = statSync(path);
    if (want === 'file' && !st.isFile()) return st.isDirectory() ? 'is a folder, not a trace file' : 'is not a regular file';
    if (want === 'folder' && !st.isDirectory()) return 'is not a folder (point at the ServeGen data folder, e.g. data/reason/deepseek-r1)';
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${want} not found` : `cannot read it (${code ?? (e as Error).message})`;
  }
}
