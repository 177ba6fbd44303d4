// Canonical (non-streaming) chat response.

import type { ContentPart } from './content.js';
import type { Usage } from './usage.js';

/** Why generation stopped, in one vocabulary; each dialect maps to and from it. */
export type FinishReason =
  'stop' | 'length' | 'tool-calls' | 'content-filter' | 'stop-sequence' | 'pause' | 'refusal' | 'other';

export interface ChatResponse {
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
  /** Text, reasoning and tool-call parts in the order the model produced them. */
  content: ContentPart[];
  finishReason: FinishReason;
  /** The stop sequence that ended generation, when the provider says which. */
  stopSequence?: string;
  usage: Usage;
  /** OpenAI refusal text, when the model refused. */
  refusal?: string;
}
