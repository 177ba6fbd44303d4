// A complete ChatResponse from the canonical events of a finished stream, so a streamed answer can
// be cached and later replayed as JSON or as a stream in either dialect. Text, reasoning and tool
// calls come back as the parts they were, in order; undefined when the stream never finished.

import type { ChatResponse, ContentPart, FinishReason, StreamEvent, Usage } from '../core/index.js';
import { emptyUsage } from '../core/index.js';

export function assembleResponse(events: readonly StreamEvent[]): ChatResponse | undefined {
  let id = '';
  let model = '';
  let created = 0;
  let usage: Usage | undefined;
  let finish: { reason: FinishReason; stopSequence?: string } | undefined;
  let refusal: string | undefined;
  const content: ContentPart[] = [];
  const toolCalls = new Map<number, Extract<ContentPart, { type: 'tool-call' }>>();
  for (const event of events) {
    const last = content.at(-1);
    switch (event.type) {
      case 'response-start':
        ({ id, model, created } = event);
        break;
      case 'text-delta':
        if (last?.type === 'text') last.text += event.text;
        else content.push({ type: 'text', text: event.text });
        break;
      case 'reasoning-delta':
        if (last?.type === 'reasoning' && last.signature === undefined) last.text += event.text;
        else content.push({ type: 'reasoning', text: event.text });
        break;
      case 'reasoning-signature':
        if (last?.type === 'reasoning') last.signature = event.signature;
        else content.push({ type: 'reasoning', text: '', signature: event.signature });
        break;
      case 'redacted-reasoning':
        content.push({ type: 'redacted-reasoning', data: event.data });
        break;
      case 'tool-call-start': {
        const call = { type: 'tool-call' as const, id: event.id, name: event.name, arguments: '' };
        toolCalls.set(event.index, call);
        content.push(call);
        break;
      }
      case 'tool-call-delta': {
        const call = toolCalls.get(event.index);
        if (call === undefined) return undefined;
        call.arguments += event.arguments;
        break;
      }
      case 'refusal-delta':
        refusal = (refusal ?? '') + event.text;
        break;
      case 'usage':
        usage = event.usage;
        break;
      case 'finish':
        finish = event.stopSequence === undefined ? { reason: event.reason } : event;
        break;
    }
  }
  if (finish === undefined) return undefined;
  const response: ChatResponse = {
    id,
    model,
    created,
    content,
    finishReason: finish.reason,
    usage: usage ?? emptyUsage(),
  };
  if (finish.stopSequence !== undefined) response.stopSequence = finish.stopSequence;
  if (refusal !== undefined) response.refusal = refusal;
  return response;
}
