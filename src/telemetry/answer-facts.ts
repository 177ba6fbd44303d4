// What an attempt's answer says, read after the response went out: usage (reported, or the
// start-of-stream figures), the model that answered, the finish reason, the text for estimates and
// the body policy. Parsing a same-dialect JSON answer happens here, never on the request path.

import type { ChatResponse, Usage } from '../core/index.js';
import type { AttemptTrail, RequestTrail } from './request-trail.js';
import type { RequestRecord } from './request-record.js';

export interface AnswerFacts {
  usage: Usage | undefined;
  /** Reported as the answer began (a stream's start event), standing in when `usage` never came. */
  startUsage?: Usage | undefined;
  responseModel: string | null;
  finishReason: RequestRecord['finishReason'];
  /** The answer's text for the body policy and for estimates. */
  text: string;
  toolCalls: string[];
  failure: RequestTrail['error'];
  complete: boolean;
}

export function answerFacts(
  attempt: AttemptTrail | undefined,
  /** Read what the attempt began to answer when it served nothing (an attempt priced apart). */
  begun = false,
): AnswerFacts {
  const answer = begun ? (attempt?.answer ?? attempt?.begun) : attempt?.answer;
  const empty: AnswerFacts = {
    usage: undefined,
    responseModel: null,
    finishReason: null,
    text: '',
    toolCalls: [],
    failure: undefined,
    complete: false,
  };
  if (answer === undefined) return empty;
  switch (answer.kind) {
    case 'upstream-json':
      // Read as the answer came in: an answer that could not be read failed there.
      return fromResponse(answer.response);
    case 'canonical':
      return fromResponse(answer.response);
    case 'embeddings':
      return {
        ...empty,
        // Without the upstream's own figures the count is estimated (Gemini batch, Cohere report none).
        usage:
          answer.reported === undefined || answer.inputTokens === undefined
            ? undefined
            : {
                inputTokens: answer.inputTokens,
                outputTokens: 0,
                cacheReadTokens: 0,
                cacheWriteTokens: 0,
                reported: answer.reported,
              },
        complete: true,
      };
    case 'failed':
      return { ...empty, usage: answer.usage };
    case 'stream': {
      const observer = answer.observer;
      return {
        usage: observer.usage,
        startUsage: observer.startUsage,
        responseModel: observer.responseModel ?? null,
        finishReason: observer.finishReason ?? null,
        text: observer.text(),
        toolCalls: observer.toolNames,
        failure: observer.failure,
        complete: observer.completed,
      };
    }
  }
}

function fromResponse(response: ChatResponse): AnswerFacts {
  let text = '';
  const toolCalls: string[] = [];
  for (const part of response.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'tool-call') {
      toolCalls.push(part.name);
      text += part.arguments;
    }
  }
  return {
    usage: response.usage,
    responseModel: response.model || null,
    finishReason: response.finishReason,
    text: text || JSON.stringify(response.content),
    toolCalls,
    failure: undefined,
    complete: true,
  };
}
