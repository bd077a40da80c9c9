/**
 * OpenAI chat-completion bodies (whole and streamed chunks). Each generated token is the
 * word " tok", so a client counting words sees the token count.
 */
export interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
  readonly prompt_tokens_details: { readonly cached_tokens: number };
}

export function usageOf(promptTokens: number, completionTokens: number, cachedTokens: number): Usage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens, prompt_tokens_details: { cached_tokens: cachedTokens } };
}

export function tokensText(n: number): string {
  return ' tok'.repeat(Math.max(0, n));
}

export function completionBody(id: string, model: string, createdS: number, outputTokens: number, usage: Usage): unknown {
  return {
    id, object: 'chat.completion', created: createdS, model,
    choices: [{ index: 0, message: { role: 'assistant', content: tokensText(outputTokens) }, finish_reason: 'stop', logprobs: null }],
    usage,
  };
}

/** One streamed chunk carrying `tokens` new tokens (the first also carries the role). */
export function chunkBody(id: string, model: string, createdS: number, tokens: number, first: boolean, finishReason: string | null = null): unknown {
  const delta = first ? { role: 'assistant', content: tokensText(tokens) } : tokens > 0 ? { content: tokensText(tokens) } : {};
  return { id, object: 'chat.completion.chunk', created: createdS, model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] };
}

/** The final usage chunk (`stream_options.include_usage`): no choices, only usage. */
export function usageChunkBody(id: string, model: string, createdS: number, usage: Usage): unknown {
  return { id, object: 'chat.completion.chunk', created: createdS, model, choices: [], usage };
}
