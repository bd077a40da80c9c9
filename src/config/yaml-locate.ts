import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { PathSegment } from './scenario-error.js';

/**
 * Maps between field paths and places in a parsed YAML document: a path to the line:column
 * of its node (for validation errors), an offset to the path of the node around it (for
 * syntax errors). Aliases are followed to their anchor; `<<` merge sources are searched when a
 * key is not written in the map itself.
 */

export interface Position {
  line: number;
  column: number;
}

type AnyNode = Node | Pair | null | undefined;

const MERGE_KEY = '<<';
/** Bound on alias/merge hops while locating, so cyclic anchors cannot loop. */
const MAX_HOPS = 64;

function keyText(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  return undefined;
}

function deref(doc: Document, node: AnyNode, hops = 0): AnyNode {
  let n = node;
  for (let i = hops; i < MAX_HOPS && isAlias(n); i++) n = n.resolve(doc) ?? n;
  return n;
}

/** A mapping's first pair per key, and its merge pairs, built once per mapping. */
interface KeyIndex {
  readonly first: Map<string, Pair>;
  readonly merges: Pair[];
}

/**
 * Indexes are built on first use and kept while the mapping lives: locating one error per key
 * of an 80k-key mapping is then linear, not a scan of the mapping per error.
 */
const keyIndexes = new WeakMap<object, KeyIndex>();

/** Counts mapping entries read while indexing, so a test can check that locating stays linear. */
export const locateWork = { pairsIndexed: 0 };

function keyIndexOf(map: { items: Pair[] }): KeyIndex {
  let index = keyIndexes.get(map);
  if (index === undefined) {
    index = { first: new Map(), merges: [] };
    for (const p of map.items) {
      locateWork.pairsIndexed++;
      const k = keyText(p);
      if (k === undefined) continue;
      if (k === MERGE_KEY) index.merges.push(p);
      if (!index.first.has(k)) index.first.set(k, p);
    }
    keyIndexes.set(map, index);
  }
  return index;
}

/** The pair for `key` in a map node, looking through `<<` merge sources when needed. */
function findPair(doc: Document, map: AnyNode, key: string, hops = 0): Pair | undefined {
  const m = deref(doc, map);
  if (!isMap(m) || hops > MAX_HOPS) return undefined;
  const index = keyIndexOf(m as { items: Pair[] });
  const own = index.first.get(key);
  if (own) return own;
  for (const p of index.merges) {
    const src = deref(doc, p.value as AnyNode);
    const sources = isSeq(src) ? src.items : [src];
    for (const s of sources) {
      const found = findPair(doc, s as AnyNode, key, hops + 1);
      if (found) return found;
    }
  }
  return undefined;
}

interface Found {
  /** Deepest node reached along the path. */
  node: AnyNode;
  /** The key node of the last pair stepped through, when the path ends at a map entry. */
  keyNode?: AnyNode;
  /** Whether the whole path was found. */
  exact: boolean;
}

function walk(doc: Document, path: readonly PathSegment[]): Found {
  let node: AnyNode = doc.contents as AnyNode;
  let keyNode: AnyNode;
  for (const seg of path) {
    const here = deref(doc, node);
    let next: AnyNode;
    if (isMap(here)) {
      const pair = findPair(doc, here, String(seg));
      if (pair) {
        keyNode = pair.key as AnyNode;
        next = (pair.value as AnyNode) ?? (pair.key as AnyNode);
      }
    } else if (isSeq(here) && typeof seg === 'number') {
      next = here.items[seg] as AnyNode;
      keyNode = undefined;
    }
    if (next === undefined || next === null) return { node: here, exact: false };
    node = next;
  }
  return { node: deref(doc, node), keyNode, exact: true };
}

function rangeStart(node: AnyNode): number | undefined {
  if (node === null || node === undefined || isPair(node)) return undefined;
  return node.range?.[0];
}

export function positionOfOffset(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Where the value at `path` is written. With `key: true`, the position of the key itself
 * (for "unknown key" errors). A path that does not exist (a missing key) points at the
 * deepest existing ancestor.
 */
export function locatePath(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  opts: { key?: boolean } = {},
): Position | undefined {
  const found = walk(doc, path);
  const target = opts.key && found.exact && found.keyNode ? found.keyNode : found.node;
  const offset = rangeStart(target);
  return offset === undefined ? undefined : positionOfOffset(lineCounter, offset);
}

/** Whether the document spells out the value at `path` (false for missing keys). */
export function pathExists(doc: Document, path: readonly PathSegment[]): boolean {
  return walk(doc, path).exact;
}

/**
 * Index of the item that holds `offset`, or -1, by binary search over the items' start offsets
 * (items are in file order and do not overlap, so only the last one starting at or before
 * `offset` can hold it): one lookup per error stays logarithmic in the size of a mapping.
 * Items without a start (empty entries) are stepped over.
 */
function spanningIndex<T>(items: readonly T[], offset: number, start: (item: T) => number | undefined, holds: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    let probe = mid;
    while (probe <= hi && start(items[probe]) === undefined) probe++;
    if (probe <= hi && start(items[probe])! <= offset) {
      best = probe;
      lo = probe + 1;
    } else hi = mid - 1;
  }
  return best >= 0 && holds(items[best]) ? best : -1;
}

/** The path of the innermost node whose source range holds `offset` (for syntax errors). */
export function pathAtOffset(doc: Document, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  const within = (n: AnyNode) => !!n && !isPair(n) && !!n.range && n.range[0] <= offset && offset <= n.range[2];
  let node: AnyNode = doc.contents as AnyNode;
  if (!within(node)) return path;
  for (let depth = 0; depth < 1000 && node; depth++) {
    if (isMap(node)) {
      // A pair spans from its key to the end of its value (tags and anchors included).
      const span = (p: Pair) => {
        const k = p.key as AnyNode;
        const v = (p.value as AnyNode) ?? k;
        return !isPair(k) && !!k?.range && !isPair(v) && !!v?.range && k.range[0] <= offset && offset <= v.range[2];
      };
      const hit = node.items[spanningIndex(node.items, offset, (p) => rangeStart(p.key as AnyNode), span)];
      const key = hit ? keyText(hit) : undefined;
      if (!hit || key === undefined) return path;
      path.push(key);
      if (!within(hit.value as AnyNode)) return path;
      node = hit.value as AnyNode;
    } else if (isSeq(node)) {
      const i = spanningIndex(node.items as AnyNode[], offset, rangeStart, within);
      if (i < 0) return path;
      path.push(i);
      node = node.items[i] as AnyNode;
    } else {
      return path;
    }
  }
  return path;
}
