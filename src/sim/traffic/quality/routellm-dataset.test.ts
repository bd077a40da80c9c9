import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qualityTrafficSchema } from '../../../config/quality-schema.js';
import { createRng } from '../../../core/rng.js';
import type { RouteRequest } from '../../../routing/types.js';
import { CsvSyntaxError, forEachCsvRow } from './csv-rows.js';
import { QualityDataError } from './quality-data-error.js';
import { QualityAnnotatingSource } from './quality-source.js';
import { loadRouteLlmDataset } from './routellm-dataset.js';

const DATA = resolve('../shared/data/routellm-evals');
const spec = (benchmark: string, path: string, extra: object = {}) => qualityTrafficSchema.parse({ from: 'routellm', benchmark, path, ...extra });
const count = <T>(xs: readonly T[], f: (x: T) => boolean) => xs.filter(f).length;

function rows(text: string): [string[], number][] {
  const out: [string[], number][] = [];
  forEachCsvRow(text, (f, line) => out.push([f, line]));
  return out;
}

describe('CSV rows (RFC 4180)', () => {
  it('quoted fields keep commas, doubled quotes and line breaks; rows know their first line', () => {
    const text = 'prompt,a,b\r\n"x, ""y""\nz",True,False\nplain,1,0\n';
    expect(rows(text)).toEqual([
      [['prompt', 'a', 'b'], 1],
      [['x, "y"\nz', 'True', 'False'], 2],
      [['plain', '1', '0'], 4],
    ]);
  });

  it('no trailing newline, empty fields, a byte-order mark', () => {
    expect(rows('\ufeffa,,c\n,,')).toEqual([[['a', '', 'c'], 1], [['', '', ''], 2]]);
  });

  it('an unclosed quote or text after a closing quote is an error with its line', () => {
    expect(() => rows('a\n"open,1\n')).toThrow(CsvSyntaxError);
    expect(() => rows('a\n"open,1\n')).toThrow(/line 2/);
    expect(() => rows('"a"b,1\n')).toThrow(/after a closing quote/);
  });
});

describe('RouteLLM data (the shared verbatim copy)', () => {
  it('GSM8K: 1,319 prompts, 12 contaminated dropped; 1,121 right by GPT-4, 833 by Mixtral', () => {
    const d = loadRouteLlmDataset(spec('gsm8k', `${DATA}/gsm8k`));
    expect(d.records.length).toBe(1307);
    expect(d.contaminatedExcluded).toBe(12);
    expect(count(d.records, (r) => r.strongCorrect)).toBe(1121);
    expect(count(d.records, (r) => r.weakCorrect)).toBe(833);
    expect(count(d.records, (r) => r.strongCorrect && !r.weakCorrect)).toBe(382);
    expect(d.records.every((r, i) => r.recordIndex === i && r.benchmark === 'gsm8k' && Object.isFrozen(r))).toBe(true);
    // The file itself, and without decontamination.
    expect(loadRouteLlmDataset(spec('gsm8k', `${DATA}/gsm8k/gsm8k_responses.csv`)).records.length).toBe(1307);
    expect(loadRouteLlmDataset(spec('gsm8k', `${DATA}/gsm8k`, { decontaminate: false })).records.length).toBe(1319);
  });

  it('MMLU: 57 subjects, 14,042 prompts, 5 contaminated dropped; accuracies 80.6% and 68.1% as in the RouteLLM paper', () => {
    const d = loadRouteLlmDataset(spec('mmlu', `${DATA}/mmlu`));
    expect(d.files.length).toBe(57);
    expect(d.records.length).toBe(14037);
    expect(d.contaminatedExcluded).toBe(5);
    expect(count(d.records, (r) => r.strongCorrect) / d.records.length).toBeCloseTo(0.8058702, 6);
    expect(count(d.records, (r) => r.weakCorrect) / d.records.length).toBeCloseTo(0.6809147, 6);
    expect(new Set(d.records.map((r) => r.subject)).size).toBe(57);
    expect(d.records[0].subject).toBe('abstract_algebra');
  });

  it('MT-Bench: 80 questions, 8 contaminated dropped; mean judge scores 9.21 and 8.28 over both turns', () => {
    const d = loadRouteLlmDataset(spec('mt-bench', `${DATA}/mt_bench`));
    expect(d.graded).toBe(true);
    expect(d.records.length).toBe(72);
    expect(d.contaminatedExcluded).toBe(8);
    const mean = (f: (r: (typeof d.records)[number]) => number) => d.records.reduce((a, r) => a + f(r), 0) / d.records.length;
    expect(mean((r) => r.strongScore!)).toBeCloseTo(0.9211806, 6);
    expect(mean((r) => r.weakScore!)).toBeCloseTo(0.828125, 6);
    expect(count(d.records, (r) => r.strongScore! > r.weakScore!)).toBe(37);
    expect(count(d.records, (r) => r.strongScore! < r.weakScore!)).toBe(7);
    expect(d.records.every((r) => r.strongCorrect === r.strongScore! >= 0.8)).toBe(true);
  });
});

describe('RouteLLM data: layouts and errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'routesim-quality-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const header = 'prompt,mistralai/Mixtral-8x7B-Instruct-v0.1,gpt-4-1106-preview';

  it("RouteLLM's own layout: mmlu/responses/*.csv with contaminated_prompts.jsonl one folder up", () => {
    const mmlu = join(dir, 'mmlu');
    mkdirSync(join(mmlu, 'responses'), { recursive: true });
    writeFileSync(join(mmlu, 'responses', 'mmlu_x.csv'), `${header}\n"Q1\nA. 1",True,True\nQ2,False,True\nQ3,True,False\n`);
    writeFileSync(join(mmlu, 'contaminated_prompts.jsonl'), '{"eval_prompt": "Q2", "train_prompt": "q"}\n');
    const d = loadRouteLlmDataset(spec('mmlu', mmlu));
    expect(d.records.map((r) => [r.weakCorrect, r.strongCorrect, r.subject])).toEqual([[true, true, 'x'], [true, false, 'x']]);
    expect(d.contaminatedExcluded).toBe(1);
  });

  it('a missing folder, a missing column and a bad boolean are QualityDataErrors naming the file (and line)', () => {
    expect(() => loadRouteLlmDataset(spec('gsm8k', join(dir, 'nope')))).toThrow(QualityDataError);
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'prompt,gpt-4-1106-preview\nQ,True\n');
    expect(() => loadRouteLlmDataset(spec('gsm8k', f))).toThrow(/no column 'mistralai\/Mixtral-8x7B-Instruct-v0.1' \(columns: prompt, gpt-4-1106-preview\)/);
    writeFileSync(f, `${header}\nQ,True,True\nR,yes,True\n`);
    expect(() => loadRouteLlmDataset(spec('gsm8k', f))).toThrow(`${f}:3`);
    writeFileSync(f, `${header}\n`);
    expect(() => loadRouteLlmDataset(spec('gsm8k', f))).toThrow(/no prompt records/);
  });

  it('other model columns can be named', () => {
    const f = join(dir, 'custom.csv');
    writeFileSync(f, 'prompt,big,small\nQ,True,False\n');
    const d = loadRouteLlmDataset(spec('gsm8k', f, { strongModel: 'big', weakModel: 'small' }));
    expect(d.records.map((r) => [r.strongCorrect, r.weakCorrect])).toEqual([[true, false]]);
  });
});

describe('QualityAnnotatingSource', () => {
  it('adds a record to each request, uniformly, without touching the other fields', () => {
    const records = Array.from({ length: 4 }, (_, i) => Object.freeze({ strongCorrect: i % 2 === 0, weakCorrect: i < 2, recordIndex: i }));
    let id = 0;
    const inner = { next: (): RouteRequest | undefined => (id < 40_000 ? { id: id++, arrivalMs: id, inputTokens: 5, expectedOutputTokens: 6, qualityTier: 'low' } : undefined) };
    const source = new QualityAnnotatingSource(inner, records, createRng('q').fork('quality'));
    const counts = [0, 0, 0, 0];
    let n = 0;
    for (let r = source.next(); r !== undefined; r = source.next()) {
      expect(r.inputTokens).toBe(5);
      counts[r.quality!.recordIndex!]++;
      n++;
    }
    expect(n).toBe(40_000);
    for (const c of counts) expect(Math.abs(c - n / 4)).toBeLessThan(5 * Math.sqrt(n * 0.25 * 0.75));
  });
});
