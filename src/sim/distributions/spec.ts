import { z } from 'zod';

/**
 * YAML shape of a probability distribution. A bare number is a constant. Validation of
 * cross-field rules (p99 above the median, weights summing > 0) lives here so every
 * distribution field in a scenario gets the same checks and messages.
 */
const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();

const constant = z.strictObject({ kind: z.literal('constant'), value: nonNegative });
const uniform = z
  .strictObject({ kind: z.literal('uniform'), min: nonNegative, max: nonNegative })
  .refine((d) => d.max >= d.min, { message: 'max must be >= min', path: ['max'] });
const exponential = z.strictObject({ kind: z.literal('exponential'), mean: positive });
const normal = z.strictObject({ kind: z.literal('normal'), mean: z.number().finite(), sd: nonNegative });
const lognormalMuSigma = z.strictObject({ kind: z.literal('lognormal'), mu: z.number().finite(), sigma: nonNegative });
const lognormalMedianP99 = z
  .strictObject({ kind: z.literal('lognormal'), median: positive, p99: positive })
  .refine((d) => d.p99 >= d.median, { message: 'p99 must be >= median', path: ['p99'] });
const gamma = z.strictObject({ kind: z.literal('gamma'), shape: positive, scale: positive });
const weibull = z.strictObject({ kind: z.literal('weibull'), shape: positive, scale: positive });
const pareto = z.strictObject({ kind: z.literal('pareto'), shape: positive, scale: positive });
const empiricalSamples = z.strictObject({
  kind: z.literal('empirical'),
  samples: z.array(nonNegative).min(1),
});
const histogramBin = z
  .strictObject({ lo: nonNegative, hi: nonNegative, weight: nonNegative })
  .refine((b) => b.hi >= b.lo, { message: 'hi must be >= lo', path: ['hi'] });
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

const mixture: z.ZodType<{ kind: 'mixture'; components: { weight: number; dist: DistributionSpec }[] }> = z.lazy(() =>
  z
    .strictObject({
      kind: z.literal('mixture'),
      components: z.array(z.strictObject({ weight: nonNegative, dist: distributionSchema })).min(1),
    })
    .refine((d) => d.components.some((c) => c.weight > 0), {
      message: 'mixture weights must not all be 0',
      path: ['components'],
    }),
);

function byKind(kind: string): z.ZodType | undefined {
  switch (kind) {
    case 'constant': return constant;
    case 'uniform': return uniform;
    case 'exponential': return exponential;
    case 'normal': return normal;
    case 'gamma': return gamma;
    case 'weibull': return weibull;
    case 'pareto': return pareto;
    case 'mixture': return mixture;
    default: return undefined;
  }
}

/**
 * Dispatches on `kind` by hand (instead of a plain union) so a user gets the error of the
 * variant they meant, not a wall of "invalid union" alternatives.
 */
export const distributionSchema: z.ZodType<DistributionSpec> = z.lazy(() =>
  z.union([nonNegative, z.looseObject({ kind: z.string() })]).superRefine((v, ctx) => {
    if (typeof v === 'number') return;
    const kind = (v as { kind: string }).kind;
    let schema: z.ZodType | undefined = byKind(kind);
    if (kind === 'lognormal') schema = 'median' in v || 'p99' in v ? lognormalMedianP99 : lognormalMuSigma;
    if (kind === 'empirical') schema = 'histogram' in v ? empiricalHistogram : empiricalSamples;
    if (schema === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: `unknown distribution kind '${kind}'; expected one of ${DISTRIBUTION_KINDS.join(', ')}`,
      });
      return;
    }
    const r = schema.safeParse(v);
    if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path } as never);
  }) as unknown as z.ZodType<DistributionSpec>,
);
