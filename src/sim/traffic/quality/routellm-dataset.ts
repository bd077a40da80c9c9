import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isPlainObject } from '../../../core/is-plain-object.js';
import { readUserFile, statUserFile } from '../../../core/user-file.js';
import type { QualityBenchmark, QualityTrafficSpec } from '../../../config/quality-schema.js';
import type { RequestQuality } from '../../../routing/types.js';
import { CsvSyntaxError, forEachCsvRow } from './csv-rows.js';
import { QualityDataError } from './quality-data-error.js';

/**
 * Reader for RouteLLM's evaluation data (github.com/lm-sys/RouteLLM, `routellm/evals`,
 * Apache-2.0): per prompt, whether GPT-4-Turbo (gpt-4-1106-preview) and Mixtral-8x7B answered
 * correctly (GSM8K: one CSV; MMLU: one CSV per subject, columns `prompt,<weak>,<strong>` with
 * True/False), or GPT-4's judge scores 1–10 per turn (MT-Bench: `judgements.jsonl` +
 * `question.jsonl`). Like RouteLLM's `evals/benchmarks.py`, prompts listed in
 * `contaminated_prompts.jsonl` are dropped, and an MT-Bench question is one request (routed
 * on its first turn, both turns answered by the chosen model) scored by the mean judge score
 * of its turns. Each file is read once (the originals are a few MB).
 */
export interface QualityDataset {
  readonly benchmark: QualityBenchmark;
  /** The resolved path the data came from. */
  readonly path: string;
  readonly files: readonly string[];
  /** One frozen record per prompt, shared by every request that draws it. */
  readonly records: readonly RequestQuality[];
  readonly contaminatedExcluded: number;
  /** Graded scores (MT-Bench) rather than correct / wrong. */
  readonly graded: boolean;
}

/** MT-Bench booleans: a mean judge score of at least 8 of 10 counts as "correct" (the metrics use the scores). */
export const MT_BENCH_PASS_SCORE = 8;
const MT_BENCH_MAX_SCORE = 10;
const CONTAMINATED_FILE = 'contaminated_prompts.jsonl';

export function loadRouteLlmDataset(spec: QualityTrafficSpec): QualityDataset {
  const path = resolve(spec.path);
  const isDir = statOf(path).isDirectory();
  switch (spec.benchmark) {
    case 'gsm8k': {
      const file = isDir ? join(path, 'gsm8k_responses.csv') : path;
      return binaryDataset(spec, path, [file], [undefined], dataFolder(path, isDir));
    }
    case 'mmlu': {
      const folder = isDir ? mmluFolder(path) : dirname(path);
      const files = isDir ? mmluFiles(folder) : [path];
      return binaryDataset(spec, path, files, files.map(mmluSubject), isDir ? folder : dirname(path));
    }
    case 'mt-bench':
      return mtBenchDataset(spec, path, isDir ? join(path, 'judgements.jsonl') : path);
  }
}

/** The data path may be a file or a folder (statUserFile refuses folders). */
function statOf(path: string) {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new QualityDataError(path, code === 'ENOENT' ? 'no such file or folder' : `cannot read (${code ?? (e as Error).message})`);
  }
}

/** RouteLLM's largest file is 2 MB; anything far bigger is not this data (and must not exhaust memory). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

function readText(file: string): string {
  const fail = (detail: string) => new QualityDataError(file, detail);
  const st = statUserFile(file, fail);
  if (st.size > MAX_FILE_BYTES) throw fail(`is ${Math.round(st.size / 1048576)} MB; quality data files are at most ${MAX_FILE_BYTES / 1048576} MB`);
  return readUserFile(file, fail);
}

function dataFolder(path: string, isDir: boolean): string {
  return isDir ? path : dirname(path);
}

/** RouteLLM keeps the subject files in `mmlu/responses/`; the shared copy keeps them in `mmlu/`. */
function mmluFolder(path: string): string {
  const hasCsv = (dir: string) => readdirSync(dir).some((f) => /^mmlu_.+\.csv$/.test(f));
  if (hasCsv(path)) return path;
  const nested = join(path, 'responses');
  try {
    if (statSync(nested).isDirectory() && hasCsv(nested)) return nested;
  } catch {
    // no responses/ folder: reported below
  }
  throw new QualityDataError(path, 'no mmlu_<subject>.csv files here (nor in responses/)');
}

function mmluFiles(folder: string): string[] {
  return readdirSync(folder).filter((f) => /^mmlu_.+\.csv$/.test(f)).sort().map((f) => join(folder, f));
}

function mmluSubject(file: string): string {
  return basename(file).replace(/^mmlu_/, '').replace(/\.csv$/, '');
}

/** `contaminated_prompts.jsonl` in the data folder or its parent (RouteLLM's mmlu/responses layout). */
function contaminatedPrompts(folder: string): Set<string> | undefined {
  for (const dir of [folder, dirname(folder)]) {
    const file = join(dir, CONTAMINATED_FILE);
    try {
      statSync(file);
    } catch {
      continue; // none here
    }
    const prompts = new Set<string>();
    forEachJsonLine(file, readText(file), (o) => {
      if (typeof o.eval_prompt === 'string') prompts.add(o.eval_prompt);
    });
    return prompts;
  }
  return undefined;
}

function forEachJsonLine(file: string, text: string, onObject: (o: Record<string, unknown>, line: number) => void): void {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch (e) {
      throw new QualityDataError(`${file}:${i + 1}`, `not valid JSON (${(e as Error).message})`);
    }
    if (!isPlainObject(o)) throw new QualityDataError(`${file}:${i + 1}`, 'expected a JSON object');
    onObject(o, i + 1);
  }
}

const TRUE_TEXT = new Set(['True', 'true', 'TRUE', '1']);
const FALSE_TEXT = new Set(['False', 'false', 'FALSE', '0']);

function binaryDataset(
  spec: QualityTrafficSpec,
  path: string,
  files: readonly string[],
  subjects: readonly (string | undefined)[],
  folder: string,
): QualityDataset {
  const excluded = spec.decontaminate ? contaminatedPrompts(folder) : undefined;
  const records: RequestQuality[] = [];
  let contaminatedExcluded = 0;
  files.forEach((file, f) => {
    let col: { prompt: number; strong: number; weak: number } | undefined;
    try {
      forEachCsvRow(readText(file), (row, line) => {
        if (col === undefined) {
          col = { prompt: column(file, row, 'prompt'), strong: column(file, row, spec.strongModel), weak: column(file, row, spec.weakModel) };
          return;
        }
        if (row.length === 1 && row[0] === '') return;
        if (row.length <= Math.max(col.prompt, col.strong, col.weak)) throw new QualityDataError(`${file}:${line}`, `row has ${row.length} fields, fewer than the header`);
        if (excluded?.has(row[col.prompt])) {
          contaminatedExcluded++;
          return;
        }
        records.push(Object.freeze({
          strongCorrect: bool(file, line, row[col.strong], spec.strongModel),
          weakCorrect: bool(file, line, row[col.weak], spec.weakModel),
          benchmark: spec.benchmark,
          subject: subjects[f],
          recordIndex: records.length,
        }));
      });
    } catch (e) {
      if (e instanceof CsvSyntaxError) throw new QualityDataError(`${file}:${e.line}`, e.message.replace(/^line \d+: /, ''));
      throw e;
    }
    if (col === undefined) throw new QualityDataError(file, 'empty file (no header row)');
  });
  if (records.length === 0) throw new QualityDataError(path, 'no prompt records (after decontamination)');
  return { benchmark: spec.benchmark, path, files, records, contaminatedExcluded, graded: false };
}

function column(file: string, header: readonly string[], name: string): number {
  const i = header.indexOf(name);
  if (i < 0) throw new QualityDataError(file, `no column '${name}' (columns: ${header.filter((h) => !h.endsWith('_response')).join(', ')})`);
  return i;
}

function bool(file: string, line: number, text: string, model: string): boolean {
  if (TRUE_TEXT.has(text)) return true;
  if (FALSE_TEXT.has(text)) return false;
  throw new QualityDataError(`${file}:${line}`, `'${model}' must be True or False, got '${text.slice(0, 40)}'`);
}

interface Question {
  readonly id: number;
  readonly category?: string;
  readonly turns: readonly string[];
}

function mtBenchDataset(spec: QualityTrafficSpec, path: string, judgementsFile: string): QualityDataset {
  const folder = dirname(judgementsFile);
  const questionsFile = join(folder, 'question.jsonl');
  const questions: Question[] = [];
  forEachJsonLine(questionsFile, readText(questionsFile), (o, line) => {
    if (typeof o.question_id !== 'number' || !Array.isArray(o.turns)) throw new QualityDataError(`${questionsFile}:${line}`, 'needs question_id (number) and turns (list)');
    questions.push({ id: o.question_id, category: typeof o.category === 'string' ? o.category : undefined, turns: o.turns.map(String) });
  });
  // Per question and model: sum and count of judge scores over the turns (FastChat's −1 = unparsed rating, skipped).
  const sums = new Map<string, { sum: number; n: number }>();
  forEachJsonLine(judgementsFile, readText(judgementsFile), (o, line) => {
    if (o.model !== spec.strongModel && o.model !== spec.weakModel) return;
    if (typeof o.question_id !== 'number' || typeof o.score !== 'number') throw new QualityDataError(`${judgementsFile}:${line}`, 'needs question_id and score (numbers)');
    if (o.score < 0) return;
    const key = `${o.question_id}|${o.model}`;
    const s = sums.get(key) ?? { sum: 0, n: 0 };
    s.sum += o.score;
    s.n++;
    sums.set(key, s);
  });
  const excluded = spec.decontaminate ? contaminatedPrompts(folder) : undefined;
  const records: RequestQuality[] = [];
  let contaminatedExcluded = 0;
  for (const q of questions) {
    if (excluded !== undefined && q.turns.some((t) => excluded.has(t))) {
      contaminatedExcluded++;
      continue;
    }
    const mean = (model: string) => {
      const s = sums.get(`${q.id}|${model}`);
      if (s === undefined) throw new QualityDataError(judgementsFile, `no judgement of '${model}' for question ${q.id}`);
      return s.sum / s.n;
    };
    const strong = mean(spec.strongModel);
    const weak = mean(spec.weakModel);
    records.push(Object.freeze({
      strongCorrect: strong >= MT_BENCH_PASS_SCORE,
      weakCorrect: weak >= MT_BENCH_PASS_SCORE,
      strongScore: strong / MT_BENCH_MAX_SCORE,
      weakScore: weak / MT_BENCH_MAX_SCORE,
      benchmark: spec.benchmark,
      subject: q.category,
      recordIndex: records.length,
    }));
  }
  if (records.length === 0) throw new QualityDataError(path, 'no questions (after decontamination)');
  return { benchmark: spec.benchmark, path, files: [judgementsFile, questionsFile], records, contaminatedExcluded, graded: true };
}
