import { relative } from 'node:path';
import type { Rng } from '../../../core/ports.js';
import type { TrafficSpec } from '../../../config/scenario-schema.js';
import type { TraceSpec } from '../../../config/traffic-source-schema.js';
import type { TraceReplaySummary } from '../../../metrics/run-summary.js';
import type { RouteRequest } from '../../../routing/types.js';
import { AttributeSampler } from '../attribute-sampler.js';
import type { RequestSource } from '../request-source.js';
import { LineReader } from '../../../core/line-reader.js';
import { RowDecoder, type TraceRow } from './row-decoder.js';
import { RowProblem, TraceFileError, TraceRowError } from './trace-errors.js';

/** Loop period of a single-row window (or rows all at one instant), trace ms. */
const DEGENERATE_PERIOD_MS = 1000;

/** A path as short as it can be shown: relative to the working directory when that is shorter. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && rel.length < path.length ? rel : path;
}

/**
 * Replays a trace file as a pull-based request source, in constant memory: it holds the
 * line reader's chunk, the current row and a few counters, never a list of rows, so a
 * multi-GB trace replays like a small one. Arrival = (timestamp − first timestamp − startS)
 * / timeScale (+ one period per loop pass). Rows must come in time order; a row earlier
 * than the previous one is a bad row. Attributes the trace lacks (tier, client, budget,
 * category, tenant) come from the scenario's synthetic generators, drawn for every emitted
 * request in a fixed order.
 */
export class TraceSource implements RequestSource {
  private reader: LineReader | undefined;
  private decoder: RowDecoder;
  private readonly sampler: AttributeSampler;
  private readonly sampleRng: Rng;
  private readonly attrRng: Rng;
  private readonly file: string;
  private readonly startMs: number;
  private readonly endMs: number;
  private readonly skipBad: boolean;
  private headerRead = false;
  private firstTsMs = NaN;
  private prevRelMs = -Infinity;
  private pass = 0;
  private offsetMs = 0;
  private periodMs = NaN;
  // First pass only: what the window holds, for the loop period.
  private windowRows = 0;
  private firstRelInWindowMs = NaN;
  private lastRelInWindowMs = NaN;
  private done = false;
  private nextId = 0;
  private emitted = 0;
  private lastEmitPass = 0;
  private skipped = 0;
  private linesRead = 0;

  constructor(
    private readonly spec: TraceSpec,
    traffic: TrafficSpec,
    rng: Rng,
    private readonly horizonMs: number,
  ) {
    this.file = displayPath(spec.path);
    this.startMs = (spec.startS ?? 0) * 1000;
    this.endMs = spec.endS === undefined ? Infinity : spec.endS * 1000;
    this.skipBad = spec.onBadRow === 'skip';
    this.sampler = new AttributeSampler(traffic);
    this.sampleRng = rng.fork('trace-sample');
    this.attrRng = rng.fork('attributes');
    try {
      this.decoder = new RowDecoder(spec);
    } catch (e) {
      throw e instanceof RowProblem ? new TraceFileError(this.file, e.message) : e;
    }
    this.reader = this.openReader();
  }

  next(): RouteRequest | undefined {
    while (!this.done) {
      const row = this.nextRow();
      if (row === undefined) {
        this.endPass();
        continue;
      }
      const rel = row.timestampMs - this.firstTsMs;
      if (rel < this.startMs) continue;
      if (rel >= this.endMs) {
        this.endPass(); // rows are in time order: nothing later in this pass is in the window
        continue;
      }
      if (this.pass === 0) {
        this.windowRows++;
        if (this.windowRows === 1) this.firstRelInWindowMs = rel;
        this.lastRelInWindowMs = rel;
      }
      if (this.spec.sampleFraction < 1 && this.sampleRng.next() >= this.spec.sampleFraction) continue;
      const arrivalMs = (rel - this.startMs + this.offsetMs) / this.spec.timeScale;
      if (!(arrivalMs < this.horizonMs)) {
        this.finish();
        return undefined;
      }
      this.emitted++;
      this.lastEmitPass = this.pass;
      return this.request(row, arrivalMs);
    }
    return undefined;
  }

  /** Releases the file; later calls to next() return undefined. */
  close(): void {
    this.finish();
  }

  traceSummary(): TraceReplaySummary {
    return { file: this.file, format: this.spec.format, requests: this.emitted, badRowsSkipped: this.skipped, passes: this.emitted > 0 ? this.lastEmitPass + 1 : 0 };
  }

  /** Lines read so far, over all passes (for the event estimate). */
  get lines(): number {
    return this.linesRead;
  }

  /** Rows of the first pass inside [startS, endS) (known once that pass ended). */
  get rowsInWindow(): number {
    return this.windowRows;
  }

  /** Simulated time one loop pass takes, ms (known once the first pass ended). */
  passPeriodMs(): number {
    return this.loopPeriodMs() / this.spec.timeScale;
  }

  private request(row: TraceRow, arrivalMs: number): RouteRequest {
    // What the trace row carries wins over the scenario's synthetic attributes.
    const a = this.sampler.request(this.attrRng, this.nextId++, arrivalMs, row.inputTokens, row.outputTokens, row.clientId);
    return {
      ...a,
      qualityTier: row.tier ?? a.qualityTier,
      category: row.category ?? a.category,
      tenant: row.tenant ?? a.tenant,
      sessionId: row.sessionId,
      prefixHashes: row.hashIds !== undefined && row.hashIds.length > 0 ? row.hashIds : undefined,
      stream: row.stream,
    };
  }

  /** The next well-formed, time-ordered row of this pass, or undefined at its end. */
  private nextRow(): TraceRow | undefined {
    const reader = this.reader;
    if (reader === undefined) return undefined;
    for (;;) {
      const line = reader.next();
      if (line === undefined) return undefined;
      this.linesRead++;
      if (line.trim() === '') continue;
      if (this.decoder.needsHeader && !this.headerRead) {
        this.headerRead = true;
        try {
          this.decoder.header(line);
        } catch (e) {
          this.finish();
          throw e instanceof RowProblem ? new TraceFileError(this.file, `line ${reader.line}: ${e.message}`) : e;
        }
        continue;
      }
      let row: TraceRow;
      try {
        row = this.decoder.decode(line);
        if (Number.isNaN(this.firstTsMs)) this.firstTsMs = row.timestampMs;
        const rel = row.timestampMs - this.firstTsMs;
        if (rel < this.prevRelMs) {
          throw new RowProblem(`timestamp goes backwards (${fmtS(rel)} s after the first row, the previous row was at ${fmtS(this.prevRelMs)} s); traces must be in time order`);
        }
        this.prevRelMs = rel;
      } catch (e) {
        if (!(e instanceof RowProblem)) throw e;
        if (!this.skipBad) {
          this.finish();
          throw new TraceRowError(this.file, reader.line, e.message);
        }
        if (this.pass === 0) this.skipped++;
        continue;
      }
      return row;
    }
  }

  /** End of one pass through the file (or window): loop, or stop. */
  private endPass(): void {
    if (!this.spec.loop || this.windowRows === 0) {
      this.finish();
      return;
    }
    if (Number.isNaN(this.periodMs)) this.periodMs = this.loopPeriodMs();
    this.offsetMs += this.periodMs;
    this.pass++;
    this.reader?.close();
    this.reader = this.openReader();
    this.headerRead = false;
    this.prevRelMs = -Infinity;
  }

  /**
   * The window's length when endS is set; else from startS to the last row plus one mean
   * gap between rows, so the last row of a pass and the first of the next do not coincide.
   */
  private loopPeriodMs(): number {
    if (Number.isFinite(this.endMs)) return this.endMs - this.startMs;
    const span = this.lastRelInWindowMs - this.firstRelInWindowMs;
    const meanGap = this.windowRows >= 2 && span > 0 ? span / (this.windowRows - 1) : DEGENERATE_PERIOD_MS;
    return this.lastRelInWindowMs - this.startMs + meanGap;
  }

  private openReader(): LineReader {
    return new LineReader(this.spec.path, (detail) => new TraceFileError(this.file, detail));
  }

  private finish(): void {
    this.done = true;
    this.reader?.close();
    this.reader = undefined;
  }
}

function fmtS(ms: number): string {
  return (ms / 1000).toFixed(3);
}
