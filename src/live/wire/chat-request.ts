import { z } from 'zod';

/** A message's content: a string or OpenAI content parts (only text parts carry tokens here). */
const contentSchema = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  z.null(),
]);

/**
 * The part of an OpenAI `POST /v1/chat/completions` body the emulated providers read. Other
 * fields (temperature, tools, ...) are accepted and ignored, as a gateway may send any of them.
 */
export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(z.looseObject({ role: z.string(), content: contentSchema.optional() })).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().nonnegative().nullish(),
  max_completion_tokens: z.number().int().nonnegative().nullish(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

/**
 * Prompt tokens of a request without a tokenizer: one token per whitespace-separated word of
 * the messages' text. The load replayer writes prompts of exactly that many words (and says
 * the count in a header), so both ends agree.
 */
export function countPromptWords(req: ChatRequest): number {
  let n = 0;
  for (const m of req.messages) {
    const c = m.content;
    if (typeof c === 'string') n += countWords(c);
    else if (Array.isArray(c)) for (const part of c) if (typeof part.text === 'string') n += countWords(part.text);
  }
  return n;
}

/** Whitespace-separated words of `text` (spaces, tabs, newlines). */
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}
