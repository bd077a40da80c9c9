/**
 * A fingerprint of the routing decisions of one run: every attempt (deployment, send time) and
 * every request's outcome (id, success, serving deployment), folded in event order into two
 * independent 32-bit FNV-1a style lanes. Two strategies run on the same seed (common random
 * numbers) have equal fingerprints exactly when they sent the same attempts to the same
 * deployments at the same times — "same decisions", which the report lists once instead of
 * ranking them as if they were different choices. 64 bits make a false match (~2^-64 per pair)
 * negligible.
 */
const OFFSET_A = 0x811c9dc5;
const OFFSET_B = 0x01000193 ^ 0x5bd1e995;
const PRIME_A = 0x01000193;
const PRIME_B = 0x5bd1e995;
const TWO_32 = 4294967296;

/** A 32-bit FNV-1a of a string (deployment ids), as a non-negative number. */
export function stringKey(text: string): number {
  let h = OFFSET_A;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), PRIME_A);
  return h >>> 0;
}

export class DecisionHash {
  private a = OFFSET_A;
  private b = OFFSET_B;

  /** Folds a whole number (any safe integer, negative included) into both lanes. */
  private word(x: number): void {
    const lo = x >>> 0;
    const hi = Math.floor(x / TWO_32) >>> 0;
    this.a = Math.imul(this.a ^ lo, PRIME_A);
    this.a = Math.imul(this.a ^ hi, PRIME_A);
    this.b = Math.imul(this.b ^ ((lo >>> 16) | (lo << 16)), PRIME_B);
    this.b = Math.imul(this.b ^ hi, PRIME_B) ^ (this.b >>> 13);
  }

  /** An attempt sent to the deployment with key `deployment` (stringKey of its id) at `atMs` (kept to the microsecond). */
  attempt(deployment: number, atMs: number): void {
    this.word(1);
    this.word(deployment);
    this.word(Math.round(atMs * 1000));
  }

  /** A request's final outcome; `deployment` is the serving deployment's key, −1 when none. */
  outcome(requestId: number, ok: boolean, deployment: number): void {
    this.word(2);
    this.word(requestId);
    this.word(ok ? 1 : 0);
    this.word(deployment);
  }

  /** 16 hex digits. */
  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}
