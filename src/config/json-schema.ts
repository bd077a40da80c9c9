import { z } from 'zod';
import { constantNumberSchema, DISTRIBUTION_VARIANTS, distributionSchema } from '../sim/distributions/spec.js';
import { nativeRouterSchema } from './router-schema.js';
import { scenarioSchema } from './scenario-schema.js';
import { seedRouterConfigSchema } from './seed-router-config.js';

/**
 * JSON Schema (draft 2020-12) of scenario files, for editors (yaml-language-server) and
 * `routesim schema`. Generated from the zod schemas with `io: 'input'`, so defaults are shown
 * and defaulted keys are optional. Two things zod cannot see are added by hand:
 *  - distributions are parsed by a hand-written dispatch (for better errors), so every
 *    distribution field becomes a `$ref` to `$defs/Distribution`, an anyOf of the bare number
 *    and every `kind` variant (mixtures refer back to it);
 *  - `router` also accepts the seed's routing_config.yaml shape (`$defs/SeedRouterConfig`).
 */

const DIST_REF = '#/$defs/Distribution';
type Json = Record<string, unknown>;

const OPTIONS = { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' } as const;

/** Replaces the JSON of the dispatching distribution schema with a $ref to the real shape. */
function refDistributions(ctx: { zodSchema: unknown; jsonSchema: Json }): void {
  if (ctx.zodSchema !== distributionSchema) return;
  for (const k of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[k];
  ctx.jsonSchema.$ref = DIST_REF;
}

function toJson(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, { ...OPTIONS, override: refDistributions }) as Json;
  delete json.$schema;
  return json;
}

function distributionDef(): Json {
  return {
    description:
      "A probability distribution: a bare non-negative number is a constant; otherwise a mapping whose 'kind' picks the shape.",
    anyOf: [toJson(constantNumberSchema), ...DISTRIBUTION_VARIANTS.map(toJson)],
  };
}

function seedRouterDef(nativeProps: Json): Json {
  const seed = toJson(seedRouterConfigSchema);
  const props = seed.properties as Json;
  // The native keys accepted next to the seed keys keep their native schemas.
  for (const key of Object.keys(nativeRouterSchema.shape)) props[key] = nativeProps[key];
  return {
    ...seed,
    description: "The seed's routing_config.yaml (routing, providers, load_balancing, monitoring), mapped onto the native router.",
  };
}

export function scenarioJsonSchema(): object {
  const root = z.toJSONSchema(scenarioSchema, { ...OPTIONS, override: refDistributions }) as Json;
  const props = root.properties as Json;
  const native = props.router as Json;
  const nativeProps = (native.properties ?? {}) as Json;
  const defs = { ...((root.$defs as Json | undefined) ?? {}), Distribution: distributionDef(), SeedRouterConfig: seedRouterDef(nativeProps) };
  props.router = { anyOf: [native, { $ref: '#/$defs/SeedRouterConfig' }] };
  const { $schema, ...rest } = root;
  return {
    $schema: $schema ?? 'https://json-schema.org/draft/2020-12/schema',
    title: 'routesim scenario',
    description:
      'A routesim scenario: traffic, providers (latency, capacity, rate limits, incidents, prices), the router configuration and metrics settings. Units are in the key names (S seconds, Ms milliseconds, Usd dollars, PerMTok per million tokens).',
    ...rest,
    $defs: defs,
  };
}
