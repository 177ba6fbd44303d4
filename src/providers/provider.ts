// The provider contract. Every provider folder (api, request, response, stream, error, index)
// implements this with pure translators; only the pipeline's upstream client does HTTP.
// Providers never import server/, storage/ or pipeline/.

import type {
  ChatRequest,
  ChatResponse,
  Dialect,
  EmbeddingsRequest,
  EmbeddingsResponse,
  StreamEvent,
} from '../core/index.js';
import type { GatewayError } from '../errors.js';

/** One configured deployment of a provider (a `providers:` entry in the config). */
export interface ProviderSettings {
  /** The config name of this deployment, e.g. `openai` or `groq`. */
  name: string;
  /** Which adapter serves it. */
  type: ProviderType;
  /** Base URL including the version path, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  /** Credentials; several rotate (issue 3 spreads load across them). May be empty for local servers. */
  apiKeys: string[];
  /** Extra headers sent on every upstream request. */
  headers: Record<string, string>;
  /** For openai-compatible: the server profile whose quirks apply (vllm, ollama, groq, ...). */
  server?: string;
  /**
   * `defaults.maxTokens`: sent as max_tokens to APIs that require one (Anthropic Messages) when a
   * client crossing dialects gave none. Absent in hand-built settings: the adapter's own default.
   */
  defaultMaxTokens?: number;
  /** azure-openai: the api-version query parameter. */
  apiVersion?: string;
  /** azure-openai: Microsoft Entra ID client credentials (instead of, or besides, api keys). */
  entra?: EntraSettings;
  /** vertex, vertex-anthropic: the Google Cloud project and region (`global` allowed). */
  project?: string;
  location?: string;
  /** vertex, vertex-anthropic: a service-account key (JSON text); absent = Application Default Credentials. */
  serviceAccount?: string;
  /** bedrock, bedrock-anthropic: the AWS region and explicit credentials (absent = the AWS chain). */
  region?: string;
  aws?: AwsSettings;
  /** mistral: send `safe_prompt: true` (Mistral's own safety system prompt); absent = never sent. */
  safePrompt?: boolean;
}

export interface EntraSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Token authority, default https://login.microsoftonline.com (sovereign clouds differ). */
  authorityHost: string;
  /** Default https://cognitiveservices.azure.com/.default */
  scope: string;
}

export interface AwsSettings {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** A profile from the shared config/credentials files. */
  profile?: string;
}

export type ProviderType =
  | 'openai'
  | 'anthropic'
  | 'openai-compatible'
  | 'azure-openai'
  | 'gemini'
  | 'vertex'
  | 'vertex-anthropic'
  | 'bedrock'
  | 'bedrock-anthropic'
  | 'mistral';

/** How a provider frames a streamed answer on the wire. */
export type StreamFraming = 'sse' | 'aws-event-stream';

/** An HTTP request to send upstream, fully built. */
export interface UpstreamRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** JSON text. */
  body?: string;
}

/**
 * What to send. Same dialect: the client's own body, to be changed only where routing must
 * (the model, usage in streams). Crossing dialects: the canonical request.
 */
export type ChatPayload =
  | { kind: 'native'; body: Record<string, unknown>; headers: Record<string, string> }
  | { kind: 'canonical'; request: ChatRequest };

export interface ChatCall {
  /** The upstream model id to put in the body. */
  model: string;
  stream: boolean;
  payload: ChatPayload;
  settings: ProviderSettings;
  /** The credential chosen for this attempt ('' when the deployment has none). */
  apiKey: string;
}

/**
 * One upstream stream event, as the framing reader hands it over. For server-sent events, the
 * event name and data; for AWS event streams, `event` is the message's `:event-type` (or
 * `:exception-type` for an exception message) and `data` its payload as UTF-8 text.
 */
export interface SseEvent {
  event?: string;
  data: string;
}

/** What a stream decoder makes of one upstream SSE event. */
export interface DecodedEvent {
  /** The canonical meaning (may be empty: keep-alives, [DONE], ping). */
  events: StreamEvent[];
  /**
   * For same-dialect passthrough: 'forward' sends the event to the client verbatim,
   * 'drop' never does (provider keep-alives), 'usage-only' forwards it only if the client asked
   * for usage (OpenAI's trailing usage chunk the gateway requested on its own behalf).
   */
  passthrough: 'forward' | 'drop' | 'usage-only';
  /** The upstream's terminal event ([DONE], message_stop): the stream ended cleanly. */
  done?: boolean;
  /** The upstream reported an error inside the stream. */
  error?: GatewayError;
  /**
   * For same-dialect passthrough when the upstream wraps the dialect's events (Bedrock's base64
   * `chunk` messages around Anthropic events): the unwrapped event to forward instead.
   */
  passthroughEvent?: SseEvent;
}

export interface StreamDecoder {
  decode(event: SseEvent): DecodedEvent;
}

export interface Provider {
  readonly type: ProviderType;
  /**
   * The client dialect this provider speaks natively, so same-dialect calls pass through; absent
   * when it speaks neither (Gemini, Bedrock Converse, Mistral): every call goes through canonical.
   */
  readonly dialect?: Dialect;
  /** How streamed answers are framed; absent means server-sent events. */
  readonly streamFraming?: StreamFraming;
  /**
   * Whether the upstream takes images by URL. 'bytes-only': the pipeline fetches every http(s) image
   * URL of a canonical request first (src/pipeline/resolve-images.ts) and sends base64; absent = accepted.
   */
  readonly imageUrls?: 'accepted' | 'bytes-only';
  /**
   * Whether the upstream API has top_k (an Anthropic or Gemini client's sampling option). Required,
   * so no provider leaves it unsaid. 'unsupported': chatRequest leaves a canonical request's topK
   * out, and the pipeline says so in x-switchyard-warning (src/pipeline/chat-attempt.ts).
   */
  readonly topK: 'accepted' | 'unsupported';
  /** Build the upstream request for a chat call. */
  chatRequest(call: ChatCall): UpstreamRequest;
  /** Translate a successful non-streaming native response body to canonical. */
  chatResponse(body: unknown): ChatResponse;
  /** A fresh decoder for one streamed response. */
  streamDecoder(): StreamDecoder;
  /** Translate an upstream error response (status >= 400) to a GatewayError. */
  error(status: number, headers: Record<string, string>, body: string): GatewayError;
  /** Embeddings, when the provider has them. */
  embeddingsRequest?(request: EmbeddingsRequest, settings: ProviderSettings, apiKey: string): UpstreamRequest;
  embeddingsResponse?(body: unknown): EmbeddingsResponse;
}
