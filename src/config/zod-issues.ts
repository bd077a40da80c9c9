import type { z } from 'zod';
import { didYouMean, suggestionText } from '../core/did-you-mean.js';
import type { PathSegment } from './scenario-error.js';
import { allowedKeysAt, valueAt } from './schema-keys.js';

/**
 * Turns zod issues into messages a user can act on: what was expected, what was found,
 * "did you mean" for unknown keys and enum values, and for unions the errors of the variant
 * the value was meant to be instead of every alternative's.
 */

type Issue = z.core.$ZodIssue;

export interface ExplainedIssue {
  /** Full path from the scenario root. */
  path: PathSegment[];
  message: string;
  expected?: string;
  /** Point at the key rather than the value (unknown keys). */
  atKey?: boolean;
  /** For an unknown key: the allowed key it is probably a misspelling of. */
  suggestion?: string;
}

export interface IssueSource {
  /** The schema that produced the issues and the value it checked. */
  schema: z.ZodType;
  value: unknown;
  /** Where that value sits in the scenario (e.g. ['router', 'params']). */
  prefix: PathSegment[];
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  null: 'null',
};

function expectedText(e: string): string {
  return EXPECTED[e] ?? `a ${e}`;
}

/** `'ten' (a string)`, `-5`, `a list`, ... */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null (an empty value)';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}

function got(v: unknown): string {
  return v === undefined || (typeof v === 'object' && v !== null) ? '' : ` (got ${describeValue(v)})`;
}

function literal(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

function bound(kind: 'min' | 'max', origin: string, limit: number | bigint, inclusive: boolean | undefined): string | undefined {
  const n = Number(limit);
  if (origin === 'number' || origin === 'int') {
    const op = kind === 'min' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
    return `must be ${op} ${n}`;
  }
  const word = kind === 'min' ? 'at least' : 'at most';
  if (origin === 'array') return `must have ${word} ${n} item${n === 1 ? '' : 's'}`;
  if (origin === 'string') return kind === 'min' && n === 1 ? 'must not be empty' : `must be ${word} ${n} characters`;
  return undefined;
}

const segs = (p: PropertyKey[]): PathSegment[] => p.map((s) => (typeof s === 'symbol' ? String(s) : s));

/** A branch fails at its root when the value is not even the right type for it. */
function rootMismatch(branch: Issue[]): boolean {
  return branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'));
}

function branchCost(branch: Issue[]): number {
  return branch.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : i.code === 'invalid_value' && i.path.length === 1 ? 10 : 1), 0);
}

/** What each alternative of a union wanted, from the root mismatches. */
function alternatives(branches: Issue[][]): string[] {
  const out = new Set<string>();
  for (const b of branches) {
    for (const i of b) {
      if (i.path.length !== 0) continue;
      if (i.code === 'invalid_type') out.add(expectedText(i.expected));
      if (i.code === 'invalid_value') i.values.forEach((v) => out.add(literal(v)));
    }
  }
  return [...out];
}

function explainOne(issue: Issue, src: IssueSource, base: PathSegment[]): ExplainedIssue[] {
  const rel = [...base, ...segs(issue.path)];
  const path = [...src.prefix, ...rel];
  const actual = valueAt(src.value, rel);
  const present = actual !== undefined;
  const one = (message: string, expected?: string): ExplainedIssue[] => [{ path, message, expected }];

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(src.schema, src.value, rel);
      return issue.keys.map((k) => {
        const s = didYouMean(k, allowed);
        return { path: [...path, k], atKey: true, suggestion: s, message: `unknown key${suggestionText(s)}` };
      });
    }
    case 'invalid_type': {
      const exp = expectedText(issue.expected);
      if (!present) return one(`required but missing (expected ${exp})`, exp);
      return one(`expected ${exp}, got ${describeValue(actual)}`, exp);
    }
    case 'too_small':
    case 'too_big': {
      const text =
        issue.code === 'too_small'
          ? bound('min', issue.origin, issue.minimum, issue.inclusive)
          : bound('max', issue.origin, issue.maximum, issue.inclusive);
      return one(`${text ?? issue.message}${got(actual)}`);
    }
    case 'invalid_value': {
      const list = issue.values.map(literal);
      if (!present) return one(`required but missing (expected ${list.join(' or ')})`, list.join(', '));
      const s = typeof actual === 'string' ? didYouMean(actual, issue.values.filter((v): v is string => typeof v === 'string')) : undefined;
      const head = list.length === 1 ? `must be ${list[0]}` : `must be one of ${list.join(', ')}`;
      return one(`${head}${got(actual)}${suggestionText(s)}`, list.join(', '));
    }
    case 'invalid_union': {
      const options = 'options' in issue ? (issue.options ?? []) : [];
      if (options.length > 0) {
        // A discriminated union whose discriminator matched no option.
        const list = options.map(literal);
        if (!present) return one(`required but missing (expected one of ${list.join(', ')})`, list.join(', '));
        const s = typeof actual === 'string' ? didYouMean(actual, options.filter((v): v is string => typeof v === 'string')) : undefined;
        return one(`must be one of ${list.join(', ')}${got(actual)}${suggestionText(s)}`, list.join(', '));
      }
      const candidates = issue.errors.filter((b) => !rootMismatch(b));
      if (candidates.length > 0) {
        const best = candidates.reduce((a, b) => (branchCost(b) < branchCost(a) ? b : a));
        return explainAll(best, src, rel);
      }
      const alts = alternatives(issue.errors);
      if (alts.length === 0) return one(issue.message);
      const exp = alts.join(' or ');
      if (!present) return one(`required but missing (expected ${exp})`, exp);
      return one(`expected ${exp}, got ${describeValue(actual)}`, exp);
    }
    case 'custom': {
      // A custom issue that lists its allowed values names the bad value itself.
      const allowedValues = issue.params?.allowedValues as readonly string[] | undefined;
      // Skip "(got 'x')" when the message already quotes the value.
      if (allowedValues === undefined) {
        const quoted = typeof actual === 'string' && issue.message.includes(`'${actual}'`);
        return one(quoted ? issue.message : `${issue.message}${got(actual)}`, issue.params?.expected as string | undefined);
      }
      const s = typeof actual === 'string' ? didYouMean(actual, allowedValues) : undefined;
      return one(s ? issue.message.replace(/( \(expected one of .*\))?$/, `; did you mean '${s}'?$1`) : issue.message, allowedValues.join(', '));
    }
    default:
      return one(`${issue.message}${got(actual)}`);
  }
}

function explainAll(issues: readonly Issue[], src: IssueSource, base: PathSegment[]): ExplainedIssue[] {
  return issues.flatMap((i) => explainOne(i, src, base));
}

const key = (p: readonly PathSegment[]) => JSON.stringify(p);

/**
 * Explains every issue. A "required but missing" key is dropped when an unknown key next to
 * it was suggested as its spelling: the typo's message already says what to do.
 */
export function explainZodIssues(issues: readonly Issue[], src: IssueSource): ExplainedIssue[] {
  const out = explainAll(issues, src, []);
  const suggested = new Set<string>();
  for (const e of out) if (e.suggestion !== undefined) suggested.add(key([...e.path.slice(0, -1), e.suggestion]));
  return out.filter((e) => !(e.message.startsWith('required but missing') && suggested.has(key(e.path))));
}
