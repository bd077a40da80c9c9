import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Alias, type Document, type Node, type YAMLError } from 'yaml';
import { findJsonSyntaxError } from './json-syntax.js';
import { ScenarioError, type PathSegment, type ScenarioIssue } from './scenario-error.js';
import { checkNestingDepth, checkScenarioText } from './source-guards.js';
import { locatePath, pathAtOffset, positionOfOffset } from './yaml-locate.js';

/**
 * Text → YAML document → plain JS value, safely: refuses what the parser would choke on,
 * turns every YAML error and warning into a positioned issue, refuses NaN/Infinity, and caps
 * alias expansion ("billion laughs").
 */

/** Alias expansions allowed while converting to JS (yaml's count × nodes measure). */
export const MAX_ALIAS_COUNT = 50;

export interface ParsedSource {
  doc: Document;
  lineCounter: LineCounter;
  value: unknown;
  /** Problems found in otherwise well-formed YAML (non-finite numbers), keyed by path. */
  issues: ScenarioIssue[];
}

const YAML_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: true,
  uniqueKeys: true,
  stringKeys: true,
  strict: true,
  prettyErrors: true,
} as const;

function shortMessage(e: YAMLError): string {
  const first = e.message.split('\n')[0];
  return first.replace(/ at line \d+, column \d+:?\s*$/, '');
}

function explainYamlError(e: YAMLError, path: PathSegment[]): string {
  const last = path[path.length - 1];
  switch (e.code) {
    case 'DUPLICATE_KEY':
      return last === undefined ? 'duplicate key' : `duplicate key '${last}'`;
    case 'MULTIPLE_DOCS':
      return "more than one YAML document ('---'); a scenario file holds one";
    case 'TAG_RESOLVE_FAILED':
      return `${shortMessage(e)} (custom tags are not supported in scenarios)`;
    case 'NON_STRING_KEY':
      return 'keys must be plain strings, not lists or mappings';
    default:
      return shortMessage(e);
  }
}

function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}

function describeNonFinite(n: number, source: string): string {
  if (Number.isNaN(n)) return `must be a number, not NaN (got ${source})`;
  if (/^[-+]?\.inf$/i.test(source)) return `must be a finite number (got ${source})`;
  return `number is too large to represent (got ${source})`;
}

/** NaN/Infinity scalars and the aliases in the document, with their paths. */
interface Scan {
  nonFinite: { path: PathSegment[]; node: Node; message: string }[];
  aliases: { path: PathSegment[]; node: Alias }[];
}

function scan(doc: Document, text: string): Scan {
  const nonFinite: Scan['nonFinite'] = [];
  const aliases: Scan['aliases'] = [];
  // Depth is bounded by checkNestingDepth, so recursion is safe here.
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (isAlias(node)) aliases.push({ path, node });
    else if (isScalar(node)) {
      if (typeof node.value === 'number' && !Number.isFinite(node.value)) {
        const source = node.range ? text.slice(node.range[0], node.range[1]).trim() : String(node.value);
        nonFinite.push({ path, node, message: describeNonFinite(node.value, source) });
      }
    } else if (isMap(node)) {
      for (const pair of node.items) visit(pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : '?']);
    } else if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...path, i]));
  };
  visit(doc.contents, []);
  return { nonFinite, aliases };
}

/** Where to point for an alias bomb: the first alias whose target itself holds aliases. */
function bombAliasPath(doc: Document, aliases: Scan['aliases']): PathSegment[] {
  const holdsAlias = (n: unknown): boolean =>
    isMap(n) ? n.items.some((p) => isAlias(p.value)) : isSeq(n) ? n.items.some((i) => isAlias(i)) : false;
  const nested = aliases.find((a) => holdsAlias(a.node.resolve(doc)));
  return (nested ?? aliases[0])?.path ?? [];
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

  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    throw new ScenarioError(
      file,
      problems.map((e) => {
        const path = e.code === 'MULTIPLE_DOCS' ? [] : pathAtOffset(doc, e.pos[0]);
        return { path, message: explainYamlError(e, path), ...positionOfOffset(lineCounter, e.pos[0]) };
      }),
    );
  }
  if (doc.contents === null) {
    throw new ScenarioError(file, { path: [], message: 'file has no content (only comments)', line: 1, column: 1 });
  }

  const { nonFinite, aliases } = scan(doc, text);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const path = bombAliasPath(doc, aliases);
    const reason = e instanceof Error ? e.message : String(e);
    const message = /excessive alias/i.test(reason)
      ? `aliases expand to too much data (limit ${MAX_ALIAS_COUNT}); is this a 'billion laughs' alias bomb?`
      : `cannot resolve aliases: ${reason}`;
    throw new ScenarioError(file, { path, message, ...locatePath(doc, lineCounter, path) });
  }
  const issues = nonFinite.map(({ path, node, message }) => ({
    path,
    message,
    ...(node.range ? positionOfOffset(lineCounter, node.range[0]) : {}),
  }));
  return { doc, lineCounter, value, issues };
}
