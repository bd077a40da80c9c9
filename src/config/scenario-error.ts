import { UserInputError } from '../core/user-input-error.js';

/**
 * The one error type scenario loading throws. It carries every problem found (a user fixes a
 * file in one pass, not one error per run) and formats them compiler-style:
 *
 *   scenarios/x.yaml:12:5: providers[0].latency.ttftMs.p99: must be >= median (got 100)
 */

export type PathSegment = string | number;

export interface ScenarioIssue {
  /** Field path inside the scenario; empty for problems with the file as a whole. */
  path: PathSegment[];
  message: string;
  /** 1-based position in the file, when the problem can be pinned to one. */
  line?: number;
  column?: number;
  /** What was expected ("a number", "one of 'low', 'medium', 'high'"), when it applies. */
  expected?: string;
}

/** How many issues the formatted message lists before summarising the rest. */
export const MAX_LISTED_ISSUES = 10;

export class ScenarioError extends UserInputError {
  override readonly name = 'ScenarioError';
  readonly file: string;
  /** All problems, sorted by position; the fields below repeat the first one. */
  readonly issues: readonly ScenarioIssue[];
  readonly path: PathSegment[];
  readonly line?: number;
  readonly column?: number;
  readonly expected?: string;

  constructor(file: string, issues: ScenarioIssue | readonly ScenarioIssue[]) {
    const list = sortIssues(Array.isArray(issues) ? issues : [issues as ScenarioIssue]);
    if (list.length === 0) list.push({ path: [], message: 'invalid scenario' });
    super(formatIssues(file, list));
    this.file = file;
    this.issues = list;
    const first = list[0];
    this.path = first.path;
    this.line = first.line;
    this.column = first.column;
    this.expected = first.expected;
  }
}

/** Compiler-style text: one line per issue, at most MAX_LISTED_ISSUES, no stack trace. */
export function formatScenarioError(e: ScenarioError): string {
  return formatIssues(e.file, e.issues);
}

/** `providers[0].latency.ttftMs`, `categories["chit chat"]`; very deep paths are elided. */
export function formatPath(path: readonly PathSegment[]): string {
  const MAX_SEGMENTS = 12;
  if (path.length > MAX_SEGMENTS) {
    const tail = formatPath(path.slice(-4));
    return `${formatPath(path.slice(0, 6))}…(${path.length - 10} more)${tail.startsWith('[') ? '' : '.'}${tail}`;
  }
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** One issue as `file:line:col: path: message`; a `severity` ('warning') goes after the position, compiler-style. */
export function formatIssueLine(file: string, issue: ScenarioIssue, severity?: string): string {
  let where = file;
  if (issue.line !== undefined) where += `:${issue.line}` + (issue.column !== undefined ? `:${issue.column}` : '');
  if (severity !== undefined) where += `: ${severity}`;
  const path = formatPath(issue.path);
  return `${where}: ${path === '' ? '' : `${path}: `}${oneLine(issue.message)}`;
}

function formatIssues(file: string, issues: readonly ScenarioIssue[]): string {
  const lines = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => formatIssueLine(file, issue));
  const rest = issues.length - MAX_LISTED_ISSUES;
  if (rest > 0) lines.push(`${file}: ... and ${rest} more problem${rest === 1 ? '' : 's'}`);
  return lines.join('\n');
}

function oneLine(s: string): string {
  const flat = s.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

/** Sorted by position (unpositioned last), duplicates removed. */
export function sortIssues(issues: readonly ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const key = `${i.line}:${i.column}:${formatPath(i.path)}:${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const pos = (i: ScenarioIssue) => (i.line === undefined ? Infinity : i.line * 1e7 + (i.column ?? 0));
  return unique
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => pos(a.issue) - pos(b.issue) || a.index - b.index)
    .map((x) => x.issue);
}
