/** What every chart builder produces: a named, titled Vega-Lite spec with its data inlined. */
import type { TopLevelSpec } from 'vega-lite';

export interface Chart {
  /** File stem under charts/ and the `data-chart` key in the HTML: kebab-case. */
  readonly name: string;
  /** Human title, also used as image alt text in the Markdown. */
  readonly title: string;
  readonly spec: TopLevelSpec;
}
