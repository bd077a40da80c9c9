import { z } from 'zod';

/**
 * Scenario keys for real traffic: `traffic.trace` (replay a trace file) and
 * `traffic.servegen` (generate from ServeGen per-client statistics), and the per-provider
 * `prefixCache`. Paths are relative to the scenario file (the loader resolves them).
 */
const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();
const columnName = z.string().min(1);

/** What trace replay does with a malformed row (traffic.trace.onBadRow, --on-bad-row). */
export const onBadRowSchema = z.enum(['fail', 'skip']);
export type OnBadRow = z.infer<typeof onBadRowSchema>;

const TRACE_FORMATS = ['azure', 'mooncake', 'csv', 'jsonl'] as const;

const traceColumnsSchema = z
  .strictObject({
    /** Arrival time as a number of milliseconds. */
    timestampMs: columnName.optional(),
    /** Arrival time as a number of seconds. */
    timestampS: columnName.optional(),
    /** Arrival time as a datetime text (`2023-11-16 18:17:03.97996`, ISO 8601 with T, Z or ±hh:mm). */
    timestamp: columnName.optional(),
    inputTokens: columnName,
    outputTokens: columnName,
    /** Prefix-cache block hashes: a JSON array, or integers separated by spaces, `;` or `|`. */
    hashIds: columnName.optional(),
    clientId: columnName.optional(),
    sessionId: columnName.optional(),
    /** low | medium | high */
    tier: columnName.optional(),
    tenant: columnName.optional(),
    category: columnName.optional(),
    /** Whether the request was streamed: true/false or 1/0 (an empty cell: traffic.streamFraction decides). */
    stream: columnName.optional(),
  })
  .superRefine((c, ctx) => {
    const n = [c.timestampMs, c.timestampS, c.timestamp].filter((x) => x !== undefined).length;
    if (n !== 1) ctx.addIssue({ code: 'custom', path: [], message: 'name exactly one of timestampMs, timestampS, timestamp' });
  });

export const traceSchema = z
  .strictObject({
    /** The trace file, relative to the scenario file. Streamed line by line (any size). */
    path: z.string().min(1),
    /** azure: Azure LLM inference trace CSV; mooncake: Mooncake JSONL; csv / jsonl: any file through `columns`. */
    format: z.enum(TRACE_FORMATS),
    /** Column (CSV header) or key (JSONL) names; required for csv / jsonl, overrides the azure / mooncake names. */
    columns: traceColumnsSchema.optional(),
    /** Replay k× faster: arrival = (timestamp − first timestamp) / timeScale. */
    timeScale: positive.default(1),
    /** Replay only [startS, endS) of the trace, in trace seconds after its first row. */
    startS: nonNegative.optional(),
    endS: positive.optional(),
    /** Start over when the trace (or window) ends, until the scenario's durationS. */
    loop: z.boolean().default(false),
    /** Keep each row with this probability (deterministic: the traffic random stream). */
    sampleFraction: z.number().finite().gt(0).max(1).default(1),
    /** A malformed row: stop with file:line (fail) or skip it and count it (skip). */
    onBadRow: onBadRowSchema.default('fail'),
  })
  .superRefine((t, ctx) => {
    if ((t.format === 'csv' || t.format === 'jsonl') && t.columns === undefined) {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: `format '${t.format}' needs columns (timestamp, inputTokens, outputTokens)` });
    }
    if (t.startS !== undefined && t.endS !== undefined && t.endS <= t.startS) {
      ctx.addIssue({ code: 'custom', path: ['endS'], message: 'must be > startS' });
    }
  });

export const servegenSchema = z.strictObject({
  /** A ServeGen data folder holding chunk-<id>-trace.csv and chunk-<id>-dataset.json per client. */
  path: z.string().min(1),
  /** 'all' clients, or the N with the most expected requests in the simulated time. */
  clients: z.union([z.literal('all'), z.number().int().positive()]).default('all'),
  /** Time of day (seconds into the data's timeline) the simulation starts at; wraps around. */
  startS: nonNegative.default(0),
  /** Multiplies every client's rate. */
  rateScale: positive.default(1),
});

export const prefixCacheSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Capacity of the provider's KV prefix cache, in blocks (LRU). */
  capacityBlocks: z.number().int().positive(),
  /** Tokens per hash block (Mooncake: 512). */
  blockTokens: z.number().int().positive().default(512),
  /** Share of the cached tokens' prefill time saved (1 = cached tokens need no prefill). */
  ttftSavingFraction: z.number().finite().min(0).max(1).default(1),
});

export type TraceSpec = z.output<typeof traceSchema>;
export type TraceColumns = z.output<typeof traceColumnsSchema>;
export type ServegenSpec = z.output<typeof servegenSchema>;
export type PrefixCacheSpec = z.output<typeof prefixCacheSchema>;
