// OpenAI's reasoning_effort levels <-> Anthropic's extended-thinking budget in tokens, in one table
// both translators read (docs/translation.md publishes it). Pure: no I/O; no provider imports it back.

/**
 * Effort level -> thinking budget. Anthropic's smallest budget is 1024 tokens; the others double from
 * a 4096 'low'. 'none' (GPT-5.1) means no reasoning: thinking stays off.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#working-with-thinking-budgets
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-reasoning_effort
 */
export const thinkingBudgets: Readonly<Record<string, number | undefined>> = {
  none: undefined,
  minimal: 1024,
  low: 4096,
  medium: 8192,
  high: 16_384,
  xhigh: 32_768,
};

/** The thinking budget for an effort level; undefined for 'none' and for levels the table lacks. */
export function toThinkingBudget(effort: string): number | undefined {
  return Object.hasOwn(thinkingBudgets, effort) ? thinkingBudgets[effort] : undefined;
}

/**
 * The effort level nearest a budget (on a doubling scale), among the levels every OpenAI reasoning
 * model accepts: 'minimal' is GPT-5 only and o-series models reject it, so it is never produced.
 */
export function toReasoningEffort(budget: number): 'low' | 'medium' | 'high' {
  const low = thinkingBudgets.low ?? 4096;
  const medium = thinkingBudgets.medium ?? 8192;
  const high = thinkingBudgets.high ?? 16_384;
  // Geometric midpoints: a budget is nearest the level whose doubling step it falls in.
  if (budget < Math.sqrt(low * medium)) return 'low';
  if (budget < Math.sqrt(medium * high)) return 'medium';
  return 'high';
}

/**
 * Whether an OpenAI model takes reasoning_effort: the o-series and GPT-5 families, except the
 * GPT-5 chat models. Other models reject the parameter, so a thinking budget is not translated for
 * them. A routed name may carry a vendor prefix (`openai/o3-mini` on aggregators).
 * @see https://platform.openai.com/docs/guides/reasoning
 */
export function acceptsReasoningEffort(model: string): boolean {
  const name = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  if (/^o\d/.test(name)) return true;
  return /^gpt-5/.test(name) && !name.includes('-chat');
}
