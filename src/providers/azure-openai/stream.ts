// Decodes Azure OpenAI chat streams: OpenAI's chunks plus content-filter annotations. The openai
// decoder does the work; Azure's prompt-filter chunk (no id, no choices) is forwarded but not
// decoded, so the response starts at the first real chunk. Pure: never sees the socket.

import type { StreamDecoder } from '../provider.js';
import { createStreamDecoder } from '../openai/stream.js';
import { fromAzureStreamError } from './error.js';

/**
 * A fresh decoder for one streamed response. The first chunk of an Azure stream may carry only
 * `prompt_filter_results` with an empty id and model and `choices: []`; later chunks may carry
 * `content_filter_results` beside an empty delta. Neither is content, so neither moves the commit
 * point; a filtered completion ends with `finish_reason: "content_filter"`.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter#streaming
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-streaming
 */
export function createAzureStreamDecoder(): StreamDecoder {
  const inner = createStreamDecoder({ error: fromAzureStreamError });
  let started = false;
  return {
    decode(event) {
      // Only chunks before the first real one are checked, and only by a substring test first:
      // the rest of the stream goes straight to the openai decoder.
      if (!started) {
        if (event.data.includes('"prompt_filter_results"') && isPromptFilterOnly(event.data)) {
          return { events: [], passthrough: 'forward' };
        }
        started = true;
      }
      return inner.decode(event);
    },
  };
}

/** A chunk with prompt filter results, no choices and no usage (Azure's first chunk). */
function isPromptFilterOnly(data: string): boolean {
  try {
    const chunk: unknown = JSON.parse(data);
    if (typeof chunk !== 'object' || chunk === null) return false;
    const { choices, usage, error } = chunk as Record<string, unknown>;
    return Array.isArray(choices) && choices.length === 0 && isAbsent(usage) && isAbsent(error);
  } catch {
    return false;
  }
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}
