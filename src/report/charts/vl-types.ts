/**
 * Vega-Lite's channel types, for encoding pieces built outside one big literal. vega-lite only
 * exports them under `types_unstable`; these are type-only imports, erased at runtime.
 */
import type { Encoding } from 'vega-lite/types_unstable/encoding.js';
import type { NonNormalizedSpec } from 'vega-lite/types_unstable/spec/index.js';

export type ChartEncoding = Encoding<string>;
export type XDef = NonNullable<ChartEncoding['x']>;
export type ColorDef = NonNullable<ChartEncoding['color']>;

/** Any spec that can sit inside a concat (a panel). */
export type PanelSpec = NonNormalizedSpec;
