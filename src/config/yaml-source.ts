import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import { findJsonSyntaxError } from './json-syntax.js';
import { ScenarioError, type PathSegment, type ScenarioIssue } from './scenario-error.js';
import { checkNestingDepth, checkScenarioText } from './source-guards.js';
import { findDuplicateKeys } from './yaml-duplicate-keys.js';
import { locatePath, pathAtOffset, positionOfOffset, type Position } from './yaml-locate.js';

/**
 * Text → YAML document → plain JS value, safely: refuses what the parser would choke on,
 * turns every YAML error and warning into a positioned issue, refuses NaN/Infinity, and caps
 * alias expansion ("billion laughs").
 */

/**
 * Values that alias expansion may add to a document. Reusing an anchor is linear and fine (a
 * latency distribution shared by 200 providers adds ~1,000); a "billion laughs" file nests
 * aliases of aliases and would add 10^8 or more, so it is refused before anything expands.
 */
export const MAX_ALIAS_EXPANSION = 100_000;
/** Alias nodes allowed in a file (yaml resolves each by a scan of all anchors: quadratic). */
export const MAX_ALIASES = 1_000;

export interface ParsedSource {
  doc: Document;
  lineCounter: LineCounter;
  value: unknown;
  /** Problems in otherwise well-formed YAML (NaN / Infinity), reported with the validation errors. */
  issues: ScenarioIssue[];
}

/**
 * `resolveKnownTags: false`: yaml would otherwise turn YAML 1.1's `!!omap`, `!!set`, `!!pairs`,
 * `!!binary` and `!!timestamp` into a Map, Set, Buffer or Date, which validation reads as an
 * empty section and silently replaces with defaults. Unresolved, they are refused below
 * (TAG_RESOLVE_FAILED) with their position, like any other tag.
 */
export const YAML_OPTIONS = {
  version: '1.2',
  schema: 'core',
  resolveKnownTags: false,
  merge: true,
  // Checked by findDuplicateKeys in linear time; the library's check is quadratic per mapping.
  uniqueKeys: false,
  stringKeys: true,
  strict: true,
  prettyErrors: true,
} as const;

/** The first line of a YAML error without its trailing `at line N, column M:` (the position is reported separately). */
export function shortMessage(e: YAMLError): string {
  const first = e.message.split('\n')[0];
  return first.replace(/ at line \d+, column \d+:?\s*$/, '');
}

/** A YAML error or warning as one line for a scenario user (duplicate keys are found by findDuplicateKeys). */
export function explainYamlError(e: YAMLError): string {
  switch (e.code) {
    case 'MULTIPLE_DOCS':
      return "more than one YAML document ('---'); a scenario file holds one";
    case 'TAG_RESOLVE_FAILED':
      return unsupportedTagMessage(e);
    case 'NON_STRING_KEY':
      return 'keys must be plain strings, not lists or mappings';
    default:
      return shortMessage(e);
  }
}

/** `!!omap` rather than `tag:yaml.org,2002:omap`, and what to write instead. */
function unsupportedTagMessage(e: YAMLError): string {
  const tag = /Unresolved tag: (\S+)/.exec(e.message)?.[1];
  if (tag === undefined) return `${shortMessage(e)} (YAML tags are not supported in scenarios)`;
  const shown = tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
  return `YAML tag ${shown} is not supported in scenarios: write a plain mapping, list or value without the tag`;
}

function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}

function describeNonFinite(n: number, source: string): string {
  if (Number.isNaN(n)) return `must be a number, not NaN (got ${source})`;
  if (/^[-+]?\.inf$/i.test(source)) return `must be a finite number (got ${source})`;
  return `number is too large to represent (got ${source})`;
}

type NonFinite = { path: PathSegment[]; node: Node; message: string };

type AliasProblem = { path: PathSegment[]; message: string };

/**
 * One walk over the document: NaN/Infinity scalars, and the number of values alias expansion
 * would add (each alias adds the expanded size of its anchor, memoised, so this is linear).
 * Anchors precede their aliases, so an anchor is measured before any alias of it unless the
 * alias sits inside it: a cycle. Recursion depth is bounded by checkNestingDepth.
 */
function scan(doc: Document, text: string): { nonFinite: NonFinite[]; aliasProblem?: AliasProblem } {
  const nonFinite: NonFinite[] = [];
  const anchors = new Map<string, unknown>();
  const sizes = new Map<unknown, number>();
  let added = 0;
  let aliasCount = 0;
  let aliasProblem: AliasProblem | undefined;
  const visit = (node: unknown, path: PathSegment[]): number => {
    if (aliasProblem) return 0;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const size = sizes.get(target);
      if (++aliasCount > MAX_ALIASES) aliasProblem = { path, message: `more than ${MAX_ALIASES} aliases in one file` };
      else if (target === undefined) aliasProblem = { path, message: `unknown alias *${node.source} (no anchor &${node.source} before it)` };
      else if (size === undefined) aliasProblem = { path, message: `alias *${node.source} refers to a value that contains it (a cycle)` };
      else if ((added += size) > MAX_ALIAS_EXPANSION) {
        aliasProblem = {
          path,
          message: `aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values; is this a 'billion laughs' alias bomb?`,
        };
      }
      return size ?? 0;
    }
    // Registered before the children are visited: an alias inside its own anchor is a cycle.
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) anchors.set(node.anchor, node);
    let size = 1;
    if (isScalar(node)) {
      if (typeof node.value === 'number' && !Number.isFinite(node.value)) {
        const source = node.range ? text.slice(node.range[0], node.range[1]).trim() : String(node.value);
        nonFinite.push({ path, node, message: describeNonFinite(node.value, source) });
      }
    } else if (isMap(node)) {
      for (const pair of node.items) size += visit(pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : '?']);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => (size += visit(item, [...path, i])));
    }
    sizes.set(node, size);
    return size;
  };
  visit(doc.contents, []);
  return { nonFinite, aliasProblem };
}

/** The alias node itself (not its anchor), so the position is where the alias is used. */
function locateAlias(doc: Document, lineCounter: LineCounter, path: PathSegment[]): Partial<Position> {
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value;
    else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
    else return {};
  }
  const start = isAlias(node) ? node.range?.[0] : undefined;
  return start === undefined ? locatePath(doc, lineCounter, path) ?? {} : positionOfOffset(lineCounter, start);
}

export function parseYamlSource(text: string, file: string): ParsedSource {
  checkScenarioText(text, file);
  checkNestingDepth(text, file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });

  if (isJsonFile(file)) {
    const bad = findJsonSyntaxError(text);
    if (bad) {
      throw new ScenarioError(file, {
        path: bad.path,
        message: `invalid JSON: ${bad.message}`,
        ...positionOfOffset(lineCounter, bad.offset),
      });
    }
  }

  const problems = [...doc.errors, ...doc.warnings].map((e) => {
    const path = e.code === 'MULTIPLE_DOCS' ? [] : pathAtOffset(doc, e.pos[0]);
    return { offset: e.pos[0], issue: { path, message: explainYamlError(e), ...positionOfOffset(lineCounter, e.pos[0]) } };
  });
  for (const { path, offset } of findDuplicateKeys(doc)) {
    problems.push({ offset, issue: { path, message: `duplicate key '${path[path.length - 1]}'`, ...positionOfOffset(lineCounter, offset) } });
  }
  if (problems.length > 0) {
    // In file order, as the parser reported duplicates among its own errors.
    throw new ScenarioError(file, problems.sort((a, b) => a.offset - b.offset).map((p) => p.issue));
  }
  if (doc.contents === null) {
    throw new ScenarioError(file, { path: [], message: 'file has no content (only comments)', line: 1, column: 1 });
  }

  const { nonFinite, aliasProblem } = scan(doc, text);
  if (aliasProblem) {
    throw new ScenarioError(file, { ...aliasProblem, ...locateAlias(doc, lineCounter, aliasProblem.path) });
  }
  let value: unknown;
  try {
    // Backstop only: scan() has already bounded alias expansion, with a better message.
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ScenarioError(file, { path: [], message: `aliases cannot be expanded: ${reason}` });
  }
  const issues = nonFinite.map(({ path, node, message }) => ({
    path,
    message,
    ...(node.range ? positionOfOffset(lineCounter, node.range[0]) : {}),
  }));
  return { doc, lineCounter, value, issues };
}
