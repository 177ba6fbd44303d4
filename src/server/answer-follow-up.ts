// The conversation again, with the model's invalid answer and what is wrong with it, so it can
// answer once more (the json-schema check's `retry`). An invalid structured answer is quoted back as
// text; invalid tool calls go back as the calls themselves, each with an error result in the
// client's dialect (OpenAI tool messages, Anthropic tool_result blocks), as an agent loop would.

import type { Dialect } from '../core/index.js';
import type { ToolCallPart } from '../core/content.js';

type Body = Readonly<Record<string, unknown>>;

function messagesOf(body: Body): unknown[] {
  return Array.isArray(body.messages) ? body.messages : [];
}

/** After an answer whose text did not match the requested schema. */
export function answerFollowUp(body: Body, answer: string, problems: string): Record<string, unknown> {
  const feedback =
    `Your previous answer does not match the required JSON schema: ${problems}. ` +
    'Answer again with only the corrected JSON.';
  return {
    ...body,
    messages: [
      ...messagesOf(body),
      { role: 'assistant', content: answer },
      { role: 'user', content: feedback },
    ],
  };
}

/**
 * After tool calls that named no declared tool or carried invalid arguments: every call of the turn
 * gets a result (both APIs require one per call), the invalid ones their problem, the others a note
 * that they were not run.
 */
export function toolCallFollowUp(
  dialect: Dialect,
  body: Body,
  text: string,
  calls: readonly ToolCallPart[],
  problemOf: (call: ToolCallPart) => string | undefined,
): Record<string, unknown> {
  const resultText = (call: ToolCallPart): string => {
    const problem = problemOf(call);
    return problem === undefined
      ? 'Not run: another tool call in this turn was invalid. Call it again if it is still needed.'
      : `Invalid tool call, not run: ${problem}. Call the tool again with corrected arguments.`;
  };
  if (dialect === 'openai') {
    const assistant = {
      role: 'assistant',
      content: text === '' ? null : text,
      tool_calls: calls.map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      })),
    };
    const results = calls.map((call) => ({ role: 'tool', tool_call_id: call.id, content: resultText(call) }));
    return { ...body, messages: [...messagesOf(body), assistant, ...results] };
  }
  const assistant = {
    role: 'assistant',
    content: [
      ...(text === '' ? [] : [{ type: 'text', text }]),
      ...calls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: inputOf(call) })),
    ],
  };
  const results = {
    role: 'user',
    content: calls.map((call) => ({
      type: 'tool_result',
      tool_use_id: call.id,
      is_error: true,
      content: resultText(call),
    })),
  };
  return { ...body, messages: [...messagesOf(body), assistant, results] };
}

/** Anthropic's tool_use input must be an object: arguments that are not one go back empty. */
function inputOf(call: ToolCallPart): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(call.arguments);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
