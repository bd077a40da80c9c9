import { z } from 'zod';

/**
 * `traffic.quality`: give every request a prompt record with ground truth — did the strong and
 * the weak model answer it correctly — from RouteLLM's public evaluation data
 * (github.com/lm-sys/RouteLLM, routellm/evals, Apache-2.0). Records are drawn uniformly with
 * replacement from the traffic stream's own child stream, so adding this block moves no other
 * random number.
 */
export const QUALITY_BENCHMARKS = ['gsm8k', 'mmlu', 'mt-bench'] as const;
export type QualityBenchmark = (typeof QUALITY_BENCHMARKS)[number];

const DEFAULT_STRONG_MODEL = 'gpt-4-1106-preview';
const DEFAULT_WEAK_MODEL = 'mistralai/Mixtral-8x7B-Instruct-v0.1';

export const qualityTrafficSchema = z
  .strictObject({
    from: z.literal('routellm').describe('Data format: RouteLLM evaluation data (routellm/evals)'),
    /**
     * Relative to the scenario file. gsm8k: `gsm8k_responses.csv` or its folder; mmlu: the folder
     * of `mmlu_<subject>.csv` files (or one of them); mt-bench: `judgements.jsonl` or its folder
     * (with `question.jsonl` beside it).
     */
    path: z.string().min(1).describe('Data file or folder, relative to the scenario file'),
    benchmark: z.enum(QUALITY_BENCHMARKS),
    /** Column (CSV) or `model` value (MT-Bench judgements) of the strong and the weak model. */
    strongModel: z.string().min(1).default(DEFAULT_STRONG_MODEL),
    weakModel: z.string().min(1).default(DEFAULT_WEAK_MODEL),
    /** Drop the prompts listed in `contaminated_prompts.jsonl` beside the data, as RouteLLM's evaluation does. */
    decontaminate: z.boolean().default(true),
  })
  .describe('Per-request answer-quality ground truth for quality-aware routing');

export type QualityTrafficSpec = z.output<typeof qualityTrafficSchema>;
