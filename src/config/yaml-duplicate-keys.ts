import { isMap, isScalar, isSeq, type Document, type Pair } from 'yaml';
import type { PathSegment } from './scenario-error.js';

/**
 * Duplicate keys in one walk with a Set per mapping. The yaml library's own `uniqueKeys`
 * check compares each new key with every earlier one of its mapping (quadratic: 80k keys in
 * one mapping took ~100 s), so the parser runs with it off and this takes its place, with
 * the same rule: two scalar keys with the same value are duplicates. Aliases are not
 * followed (their anchor is walked where it is written). Depth is bounded beforehand by
 * checkNestingDepth.
 */
export interface DuplicateKey {
  /** Path of the later occurrence (its key is the last segment). */
  readonly path: PathSegment[];
  /** Source offset of the later occurrence's key. */
  readonly offset: number;
}

/** Visits every key of a mapping once; `onStep` lets a test count the work. */
export function findDuplicateKeys(doc: Document, onStep: () => void = () => {}): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items as Pair[]) {
        onStep();
        const key = pair.key;
        const name = isScalar(key) ? key.value : undefined;
        const segment = name === undefined ? '?' : String(name);
        if (isScalar(key)) {
          if (seen.has(name)) found.push({ path: [...path, segment], offset: key.range?.[0] ?? 0 });
          else seen.add(name);
        }
        visit(pair.value, [...path, segment]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        onStep();
        visit(item, [...path, i]);
      });
    }
  };
  visit(doc.contents, []);
  return found;
}
