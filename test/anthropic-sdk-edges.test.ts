// The official Anthropic SDK at the edges the Messages API documents: text between a streamed
// tool call's fragments, tools: [] with a tool choice, failed and image tool results for OpenAI
// models, and streams a redacting route would re-encode (refused when they would lose blocks).
//
// Anthropic references checked (docs.anthropic.com / docs.claude.com):
//   - Messages API:           https://docs.anthropic.com/en/api/messages
//   - Streaming:              https://docs.anthropic.com/en/docs/build-with-claude/streaming
//   - Tool use (tool_result): https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
//   - Citations / web search: https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool

import Anthropic from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as aw from './fixtures/anthropic-wire.js';
import { chunk, completion, done, sse, usageChunk } from './fixtures/openai-wire.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { anthropicClient } from './support/sdk-clients.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

const suite = mockGatewaySuite();
let guarded: TestGateway;
let client: Anthropic;
let guardedClient: Anthropic;

beforeAll(async () => {
  client = anthropicClient(suite.gateway);
  // The same two providers, with a PII-redacting input guardrail on the Claude route.
  guarded = await startTestGateway(
    mockProvidersYaml(suite.openai.url, suite.anthropic.url).replace(
      'claude-haiku:\n',
      'claude-haiku:\n    guardrails: { input: [{ check: pii, action: redact }] }\n',
    ),
  );
  guardedClient = anthropicClient(guarded);
});

afterAll(async () => {
  await guarded?.close();
});

afterEach(() => {
  suite.openai.validate(() => undefined);
  suite.openai.always({ kind: 'json', status: 500, body: { error: { message: 'no reply scripted' } } });
});

const weatherTool = { name: 'weather', input_schema: { type: 'object' as const } };

describe('cross dialect (Anthropic client, OpenAI upstream): streams', () => {
  // An OpenAI-dialect server may emit content (often just whitespace) between the fragments of a
  // tool call's arguments. Anthropic content blocks never interleave, so the encoder must hold one
  // of them back (as it already does for parallel tool calls) instead of failing.
  const interleaved = (delayMs?: number) => [
    sse(
      chunk({
        role: 'assistant',
        tool_calls: [
          { index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } },
        ],
      }),
    ),
    sse(chunk({ content: '\n' }), delayMs),
    sse(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Oslo"}' } }] }), delayMs),
    sse(chunk({}, 'tool_calls')),
    sse(usageChunk(10, 5)),
    done,
  ];

  it('F1a: text between the argument fragments of a tool call is not a 502 nor a second upstream call', async () => {
    suite.openai.always({ kind: 'sse', events: interleaved() });
    const final = await client.messages
      .stream({
        model: 'gpt-4o-mini',
        max_tokens: 100,
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      })
      .finalMessage()
      .catch((error: unknown) => error as Anthropic.Message);
    // Today: 502 api_error "The upstream sent arguments for tool call 0 outside its block.", after
    // the gateway sent the same request upstream 3 times (the failure is classed retryable).
    expect(suite.openai.requests).toHaveLength(1);
    expect(final.content).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'tool_use', id: 'call_a', name: 'weather', input: { city: 'Oslo' } }),
      ]),
    );
    expect(final.stop_reason).toBe('tool_use');
    expect(suite.openai.requests).toHaveLength(1);
  });

  it('F1b: the same stream, arriving in pieces after the commit point, still completes', async () => {
    suite.openai.always({ kind: 'sse', events: interleaved(40) });
    const final = await client.messages
      .stream({
        model: 'gpt-4o-mini',
        max_tokens: 100,
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      })
      .finalMessage();
    expect(final.content).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'tool_use', id: 'call_a', input: { city: 'Oslo' } }),
      ]),
    );
  });
});

describe('cross dialect (Anthropic client, OpenAI upstream): requests', () => {
  it('F3: tools: [] with tool_choice sends no tool_choice / parallel_tool_calls to OpenAI', async () => {
    // OpenAI answers 400 "Invalid value for 'tool_choice' / 'parallel_tool_calls': ... only allowed
    // when 'tools' are specified." The gateway already leaves out the empty tools array for this reason.
    suite.openai.validate((request) => {
      const body = request.body;
      const noTools = !Array.isArray(body.tools) || body.tools.length === 0;
      for (const param of ['tool_choice', 'parallel_tool_calls']) {
        if (noTools && body[param] !== undefined) {
          return {
            kind: 'json',
            status: 400,
            body: {
              error: {
                message: `Invalid value for '${param}': '${param}' is only allowed when 'tools' are specified.`,
                type: 'invalid_request_error',
                param,
                code: null,
              },
            },
          };
        }
      }
      return undefined;
    });
    suite.openai.reply({ kind: 'json', body: completion() });
    const result = await client.messages.create({
      model: 'gpt-4o-mini',
      max_tokens: 100,
      tools: [],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(result.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello there.' })]);
  });

  it('says in x-switchyard-warning that top_k was dropped for an OpenAI model', async () => {
    suite.openai.reply({ kind: 'json', body: completion() });
    const { response } = await client.messages
      .create({
        model: 'gpt-4o-mini',
        max_tokens: 100,
        // The Messages API's top_k, which this SDK's types no longer list.
        ...({ top_k: 40 } as object),
        messages: [{ role: 'user', content: 'hi' }],
      })
      .withResponse();
    expect(suite.openai.last.body).not.toHaveProperty('top_k');
    expect(response.headers.get('x-switchyard-warning')).toContain(
      'dropped top_k: openai has no such parameter',
    );
  });

  const toolTurn = (result: Anthropic.ToolResultBlockParam): Anthropic.MessageParam[] => [
    { role: 'user', content: 'Weather in Oslo?' },
    {
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } }],
    },
    { role: 'user', content: [result] },
  ];

  it('F4: a tool_result with is_error: true still tells the OpenAI model the tool failed', async () => {
    // Anthropic: "is_error: set to true if the tool execution resulted in an error". The gateway
    // carries it to Gemini ({error: ...}) and Bedrock (status: 'error'), but drops it for OpenAI.
    suite.openai.reply({ kind: 'json', body: completion() });
    await client.messages.create({
      model: 'gpt-4o-mini',
      max_tokens: 100,
      tools: [weatherTool],
      messages: toolTurn({
        type: 'tool_result',
        tool_use_id: 'toolu_1',
        is_error: true,
        content: 'Service down',
      }),
    });
    const tool = suite.openai.last.body.messages.find((m: { role: string }) => m.role === 'tool');
    expect(tool.content).toBe('Error: Service down');
  });

  it('F5: an image inside a tool_result reaches the OpenAI model (or the request is refused), never silently dropped', async () => {
    // Anthropic tool_result content may be "a list of content blocks (text, image, document)".
    // Chat Completions tool messages are text-only; the image can follow in a user message.
    suite.openai.reply({ kind: 'json', body: completion() });
    const pixel =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const outcome = await client.messages
      .create({
        model: 'gpt-4o-mini',
        max_tokens: 100,
        tools: [weatherTool],
        messages: toolTurn({
          type: 'tool_result',
          tool_use_id: 'toolu_1',
          content: [
            { type: 'text', text: 'Radar screenshot:' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pixel } },
          ],
        }),
      })
      .then(
        () => 'answered',
        (error: unknown) => error,
      );
    expect(outcome).toBe('answered');
    // The tool message keeps the text; the image follows in a user message naming its call.
    const messages = suite.openai.last.body.messages as Array<{ role: string; content: unknown }>;
    const toolIndex = messages.findIndex((message) => message.role === 'tool');
    expect(messages[toolIndex]!.content).toBe('Radar screenshot:');
    expect(messages[toolIndex + 1]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: expect.stringMatching(/^Images from the result of tool call \S+:$/) },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${pixel}` } },
      ],
    });
  });
});

describe('cross dialect (Anthropic client, OpenAI upstream): documents', () => {
  it('F8: a plain-text document block reaches an OpenAI model as text', async () => {
    // Anthropic documents: {type: 'document', source: {type: 'text', media_type: 'text/plain', data}}.
    suite.openai.reply({ kind: 'json', body: completion() });
    await client.messages.create({
      model: 'gpt-4o-mini',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              source: { type: 'text', media_type: 'text/plain', data: 'The grass is green.' },
              title: 'Facts',
            },
            { type: 'text', text: 'What colour is the grass?' },
          ],
        },
      ],
    });
    expect(suite.openai.last.body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Facts\n\nThe grass is green.' },
          { type: 'text', text: 'What colour is the grass?' },
        ],
      },
    ]);
  });

  it('refuses a PDF document for an OpenAI model with a 400 naming its source', async () => {
    const error = await client.messages
      .create({
        model: 'gpt-4o-mini',
        max_tokens: 100,
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'document',
                source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
              },
            ],
          },
        ],
      })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toMatch(/messages\[0\]\.content\[0\]\.source\.type/);
    expect(suite.openai.requests).toHaveLength(0);
  });
});

describe('same dialect with a redacting guardrail: the stream must stay lossless', () => {
  // docs/architecture.md "Same dialect, no loss"; the JSON answer on the same route keeps every block.
  const upstreamStream = () => [
    aw.messageStart(),
    aw.ping,
    aw.event({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
    } as never),
    aw.event({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: '{"query":"oslo weather"}' },
    }),
    aw.event({ type: 'content_block_stop', index: 0 }),
    aw.event({
      type: 'content_block_start',
      index: 1,
      content_block: {
        type: 'web_search_tool_result',
        tool_use_id: 'srvtoolu_1',
        content: [
          {
            type: 'web_search_result',
            url: 'https://yr.no/oslo',
            title: 'Oslo',
            encrypted_content: 'EqgfCioIARgBIiQ',
            page_age: null,
          },
        ],
      },
    } as never),
    aw.event({ type: 'content_block_stop', index: 1 }),
    aw.event({
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'text', text: '', citations: [] },
    } as never),
    aw.event({
      type: 'content_block_delta',
      index: 2,
      delta: {
        type: 'citations_delta',
        citation: {
          type: 'web_search_result_location',
          url: 'https://yr.no/oslo',
          title: 'Oslo',
          encrypted_index: 'Eo8BCioIAhgBIiQ',
          cited_text: 'Sunny, 12°C',
        },
      },
    } as never),
    aw.event({ type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Sunny.' } }),
    aw.event({ type: 'content_block_stop', index: 2 }),
    ...aw.messageEnd('end_turn', 9),
  ];

  it('F2: keeps web search blocks, citations and the message id in a stream through a plain route', async () => {
    suite.anthropic.reply({ kind: 'sse', events: upstreamStream() });
    const final = await client.messages
      .stream({
        model: 'claude-haiku',
        max_tokens: 1024,
        tools: [{ type: 'web_search_20250305', name: 'web_search' }],
        messages: [{ role: 'user', content: 'Weather in Oslo? Mail it to jane.doe@example.com' }],
      })
      .finalMessage();
    expect(final.content.map((block) => block.type)).toEqual([
      'server_tool_use',
      'web_search_tool_result',
      'text',
    ]);
    const text = final.content[2];
    expect(text?.type === 'text' && text.citations?.length).toBe(1);
    expect(final.id).toBe('msg_e2e');
  });

  it("keeps the upstream's message id and model in a stream a redacting route re-encodes", async () => {
    suite.anthropic.reply({ kind: 'sse', events: aw.textStream(['Sent to ', '[EMAIL_1]', '.']) });
    const final = await guardedClient.messages
      .stream({
        model: 'claude-haiku',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Mail jane.doe@example.com' }],
      })
      .finalMessage();
    expect(JSON.stringify(suite.anthropic.last.body.messages)).toContain('[EMAIL_1]');
    expect(final.content).toEqual([
      expect.objectContaining({ type: 'text', text: 'Sent to jane.doe@example.com.' }),
    ]);
    expect(final.id).toBe(aw.message().id);
    expect(final.model).toBe(aw.message().model);
  });

  it('F2: refuses a streamed server tool on a redacting route (the stream would lose its blocks), before any upstream call', async () => {
    const error = await guardedClient.messages
      .create({
        model: 'claude-haiku',
        max_tokens: 1024,
        stream: true,
        tools: [{ type: 'web_search_20250305', name: 'web_search' }],
        messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toMatch(/tools\[0\]\.type.*web_search_20250305.*'stream': false/);
    expect(suite.anthropic.requests).toHaveLength(0);
  });

  it('F2: refuses a streamed document with citations on a redacting route', async () => {
    const error = await guardedClient.messages
      .create({
        model: 'claude-haiku',
        max_tokens: 1024,
        stream: true,
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'document',
                source: { type: 'text', media_type: 'text/plain', data: 'The grass is green.' },
                citations: { enabled: true },
              },
              { type: 'text', text: 'What colour is the grass?' },
            ],
          },
        ],
      })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toMatch(/messages\[0\]\.content\[0\]\.citations/);
  });
});
