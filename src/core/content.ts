// Canonical message content: the parts both dialects can express, used only when a request or
// response crosses dialects. Same-dialect traffic never goes through these types.

export interface TextPart {
  type: 'text';
  text: string;
  /** Anthropic prompt-cache marker, carried opaquely so it survives a crossing where possible. */
  cacheControl?: unknown;
}

export type ImageSource = { kind: 'url'; url: string } | { kind: 'base64'; mediaType: string; data: string };

export interface ImagePart {
  type: 'image';
  source: ImageSource;
  /** OpenAI's detail hint (auto, low, high); Anthropic has none. */
  detail?: string;
  cacheControl?: unknown;
}

export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  /** The arguments exactly as the model produced them; not guaranteed to be valid JSON. */
  arguments: string;
}

export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  content: Array<TextPart | ImagePart>;
  isError?: boolean;
  cacheControl?: unknown;
}

export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  /** Anthropic's signature over a thinking block; required to replay it on the next turn. */
  signature?: string;
}

export interface RedactedReasoningPart {
  type: 'redacted-reasoning';
  data: string;
}

export type ContentPart =
  TextPart | ImagePart | ToolCallPart | ToolResultPart | ReasoningPart | RedactedReasoningPart;

export function isText(part: ContentPart): part is TextPart {
  return part.type === 'text';
}

/** The parts a user turn may hold: text and images. */
export function isUserPart(part: ContentPart): part is TextPart | ImagePart {
  return part.type === 'text' || part.type === 'image';
}

export function isToolCall(part: ContentPart): part is ToolCallPart {
  return part.type === 'tool-call';
}

export function isToolResult(part: ContentPart): part is ToolResultPart {
  return part.type === 'tool-result';
}
