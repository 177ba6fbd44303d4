// The stream events that replay a complete ChatResponse: what a client's stream encoder needs to
// render a cached answer as a well-formed stream in its own dialect (start, content in order,
// finish, usage), the inverse of assemble-response.ts.

import type { ChatResponse, StreamEvent } from '../core/index.js';

export function responseEvents(response: ChatResponse): StreamEvent[] {
  const events: StreamEvent[] = [
    { type: 'response-start', id: response.id, model: response.model, created: response.created },
  ];
  let toolIndex = 0;
  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        events.push({ type: 'text-delta', text: part.text });
        break;
      case 'reasoning':
        if (part.text !== '') events.push({ type: 'reasoning-delta', text: part.text });
        if (part.signature !== undefined)
          events.push({ type: 'reasoning-signature', signature: part.signature });
        break;
      case 'redacted-reasoning':
        events.push({ type: 'redacted-reasoning', data: part.data });
        break;
      case 'tool-call':
        events.push({ type: 'tool-call-start', index: toolIndex, id: part.id, name: part.name });
        events.push({ type: 'tool-call-delta', index: toolIndex, arguments: part.arguments });
        toolIndex += 1;
        break;
      case 'image':
      case 'tool-result':
        // Never in an answer.
        break;
    }
  }
  if (response.refusal !== undefined) events.push({ type: 'refusal-delta', text: response.refusal });
  const finish: StreamEvent =
    response.stopSequence === undefined
      ? { type: 'finish', reason: response.finishReason }
      : { type: 'finish', reason: response.finishReason, stopSequence: response.stopSequence };
  events.push(finish, { type: 'usage', usage: response.usage });
  return events;
}
