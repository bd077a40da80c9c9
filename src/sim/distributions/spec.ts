import { z } from 'zod';
import { isPlainObject } from '../../core/is-plain-object.js';

/**
 * YAML shape of a probability distribution. A bare number is a constant. Validation of
 * cross-field rules (p99 above the median, weights summing > 0) lives here so every
 * distribution field in a scenario gets the same checks and messages.
 *
 * Parsing dispatches on `kind` by hand (see `distributionSchema`) so a user gets the errors of
 * the variant they meant, not a wall of "invalid union" alternatives. The same variants are
 * listed in `DISTRIBUTION_VARIANTS`, from which the JSON Schema builds a proper anyOf.
 */
const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();

const constant = z.strictObject({ kind: z.literal('constant'), value: nonNegative });
const uniform = z
  .strictObject({ kind: z.literal('uniform'), min: nonNegative, max: nonNegative })
  .refine((d) => d.max >= d.min, { message: 'must be >= min', path: ['max'] });
const exponential = z.strictObject({ kind: z.literal('exponential'), mean: positive });
const normal = z.strictObject({ kind: z.literal('normal'), mean: z.number().finite(), sd: nonNegative });
const lognormalMuSigma = z.strictObject({ kind: z.literal('lognormal'), mu: z.number().finite(), sigma: nonNegative });
const lognormalMedianP99 = z
  .strictObject({ kind: z.literal('lognormal'), median: positive, p99: positive })
  .refine((d) => d.p99 >= d.median, { message: 'must be >= median', path: ['p99'] });
const gamma = z.strictObject({ kind: z.literal('gamma'), shape: positive, scale: positive });
const weibull = z.strictObject({ kind: z.literal('weibull'), shape: positive, scale: positive });
const pareto = z.strictObject({ kind: z.literal('pareto'), shape: positive, scale: positive });
const empiricalSamples = z.strictObject({
  kind: z.literal('empirical'),
  samples: z.array(nonNegative).min(1),
});
const histogramBin = z
  .strictObject({ lo: nonNegative, hi: nonNegative, weight: nonNegative })
  .refine((b) => b.hi >= b.lo, { message: 'must be >= lo', path: ['hi'] });
const empiricalHistogram = z
  .strictObject({ kind: z.literal('empirical'), histogram: z.array(histogramBin).min(1) })
  .refine((d) => d.histogram.some((b) => b.weight > 0), { message: 'histogram weights must not all be 0', path: ['histogram'] });

export type DistributionSpec =
  | number
  | z.infer<typeof constant>
  | z.infer<typeof uniform>
  | z.infer<typeof exponential>
  | z.infer<typeof normal>
  | z.infer<typeof lognormalMuSigma>
  | z.infer<typeof lognormalMedianP99>
  | z.infer<typeof gamma>
  | z.infer<typeof weibull>
  | z.infer<typeof pareto>
  | z.infer<typeof empiricalSamples>
  | z.infer<typeof empiricalHistogram>
  | { kind: 'mixture'; components: { weight: number; dist: DistributionSpec }[] };

export const DISTRIBUTION_KINDS = [
  'constant', 'uniform', 'exponential', 'normal', 'lognormal', 'gamma', 'weibull', 'pareto', 'empirical', 'mixture',
] as const;

const mixture = z
  .strictObject({
    kind: z.literal('mixture'),
    components: z
      .array(z.strictObject({ weight: nonNegative, dist: z.lazy(() => distributionSchema) }))
      .min(1),
  })
  .refine((d) => d.components.some((c) => c.weight > 0), {
    message: 'mixture weights must not all be 0',
    path: ['components'],
  });

/** Every object variant (two each for lognormal and empirical), for JSON Schema and docs. */
export const DISTRIBUTION_VARIANTS: readonly z.ZodType[] = [
  constant, uniform, exponential, normal, lognormalMuSigma, lognormalMedianP99,
  gamma, weibull, pareto, empiricalSamples, empiricalHistogram, mixture,
];

/** The bare-number form of a distribution (a constant). */
export const constantNumberSchema = nonNegative;


/**
 * The object variant a value is meant to be, judged by its `kind` (and, for the two-shaped
 * kinds, by which keys it uses); undefined for an unknown kind or a non-object.
 */
export function distributionVariantFor(v: unknown): z.ZodType | undefined {
  if (!isPlainObject(v)) return undefined;
  switch (v.kind) {
    case 'constant': return constant;
    case 'uniform': return uniform;
    case 'exponential': return exponential;
    case 'normal': return normal;
    case 'lognormal': return 'median' in v || 'p99' in v ? lognormalMedianP99 : lognormalMuSigma;
    case 'gamma': return gamma;
    case 'weibull': return weibull;
    case 'pareto': return pareto;
    case 'empirical': return 'histogram' in v ? empiricalHistogram : empiricalSamples;
    case 'mixture': return mixture;
    default: return undefined;
  }
}

const KIND_LIST = DISTRIBUTION_KINDS.join(', ');

/** Issue codes zod treats as fatal for a value (a union then tries its other options). */
const FATAL_CODES = new Set(['invalid_type', 'invalid_value', 'invalid_union', 'invalid_key', 'invalid_element']);

function checkDistribution(v: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  // `continue: false` marks structural failures as fatal, as zod does for its own type errors,
  // so a union holding a distribution field still picks the alternative the user meant.
  const forward = (r: { success: boolean; error?: z.ZodError }) => {
    // Forward the variant's issues unchanged (code, keys, bounds) so callers can explain them.
    if (!r.success) for (const issue of r.error!.issues) ctx.addIssue({ ...issue, continue: !FATAL_CODES.has(issue.code) } as never);
  };
  if (v === undefined) {
    ctx.addIssue({ code: 'custom', input: v, continue: false, message: 'required but missing (a number or a distribution mapping)' });
    return;
  }
  if (typeof v === 'number') return forward(nonNegative.safeParse(v));
  if (!isPlainObject(v)) {
    ctx.addIssue({
      code: 'custom',
      input: v,
      continue: false,
      message: `expected a number or a distribution mapping with a 'kind' (${KIND_LIST})`,
      params: { expected: 'distribution' },
    });
    return;
  }
  const variant = distributionVariantFor(v);
  if (variant !== undefined) return forward(variant.safeParse(v));
  if (v.kind === undefined) {
    ctx.addIssue({ code: 'custom', path: ['kind'], input: v, continue: false, message: `required but missing (the distribution kind: one of ${KIND_LIST})` });
  } else if (typeof v.kind !== 'string') {
    ctx.addIssue({ code: 'custom', path: ['kind'], input: v.kind, continue: false, message: `must be a string, one of ${KIND_LIST}` });
  } else {
    ctx.addIssue({
      code: 'custom',
      path: ['kind'],
      input: v.kind,
      continue: false,
      message: `unknown distribution kind '${v.kind}' (expected one of ${KIND_LIST})`,
      // Lets an error formatter suggest the closest kind.
      params: { allowedValues: DISTRIBUTION_KINDS },
    });
  }
}

/**
 * A distribution field: a non-negative number (constant) or one of the kinds above. The base
 * accepts anything and `checkDistribution` does the dispatch, so each mistake yields the
 * issues of the variant its `kind` names.
 */
export const distributionSchema: z.ZodType<DistributionSpec> = z.lazy(() =>
  z.unknown().superRefine(checkDistribution),
) as unknown as z.ZodType<DistributionSpec>;
