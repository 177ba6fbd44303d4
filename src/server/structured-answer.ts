// A route's json-schema output check (docs/guardrails.md): a JSON answer to a request that asked
// for a JSON schema must parse and match it. With `retry`, the model is asked again, its invalid
// answer and the validation errors added to the conversation, up to `attempts` times, through the
// same route (balancing, retries, breakers); each new call is an attempt of the same request's
// record. An answer still invalid is refused (502, invalid_output), or only recorded (flag, log).
// A streaming request is checked by asking for the whole answer and streaming it once checked.

import type { ResolvedModel } from '../config/resolve-model.js';
import { GatewayError } from '../errors.js';
import { checkJsonAnswer, requestedSchema } from '../guard/json-answer.js';
import type { ChatCall, ChatOutcome } from '../pipeline/chat-types.js';
import type { GuardrailVerdict } from '../telemetry/request-record.js';
import type { RequestTrail } from '../telemetry/request-trail.js';
import type { Exchange } from './exchange.js';
import type { Gateway } from './gateway.js';

/**
 * A streaming request whose answer must match a JSON schema is sent upstream whole (a stream can
 * only be checked once it has ended): this is that call, or undefined when nothing needs checking.
 * The checked answer then goes to the client as a stream (chat-cache.ts sendAsStream), so its
 * first byte comes when the whole answer has been checked.
 */
export function bufferForSchema(
  exchange: Exchange,
  gateway: Gateway,
  route: ResolvedModel,
  call: ChatCall,
): ChatCall | undefined {
  if (!call.stream || !route.outputChecks.some((check) => check.check === 'json-schema')) return undefined;
  if (requestedSchema(exchange.dialect, call.body) === undefined) return undefined;
  const { stream: _stream, stream_options: _options, ...rest } = call.body;
  const parsed = gateway.edges[exchange.dialect].parseChat(rest);
  return { ...call, body: parsed.body, canonical: parsed.canonical, stream: false };
}

export async function structuredAnswer(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
  route: ResolvedModel,
  call: ChatCall,
  first: ChatOutcome,
  rerun: (next: ChatCall) => Promise<ChatOutcome>,
): Promise<ChatOutcome> {
  const check = route.outputChecks.find((candidate) => candidate.check === 'json-schema');
  if (check === undefined || first.kind !== 'json') return first;
  const schema = requestedSchema(exchange.dialect, call.body);
  if (schema === undefined) return first;
  const started = performance.now();
  const retries = check.action === 'retry' ? (check.attempts ?? 1) : 0;
  let result: ChatOutcome = first;
  let current = call;
  for (let answers = 1; ; answers++) {
    const text = answerText(gateway, exchange, result.kind === 'json' ? result.body : '');
    const verdict = checkJsonAnswer(schema, text);
    const record = (action: GuardrailVerdict['action']): void => {
      const entry: GuardrailVerdict = {
        check: 'json-schema',
        stage: 'output',
        action,
        latencyMs: Number((performance.now() - started).toFixed(3)),
      };
      if (answers > 1 || !verdict.valid)
        entry.found = { 'invalid answers': verdict.valid ? answers - 1 : answers };
      trail.guardrails.push(entry);
    };
    if (verdict.valid) {
      record(answers > 1 ? 'retry' : 'allow');
      return result;
    }
    if (answers > retries) {
      record(check.action === 'retry' ? 'block' : check.action);
      if (check.action === 'flag' || check.action === 'log') return result;
      throw new GatewayError(
        'invalid_output',
        `The model's answer does not match the requested JSON schema after ${answers} answer${answers === 1 ? '' : 's'}: ${verdict.problems}. Reference: ${exchange.requestId}.`,
      );
    }
    current = followUp(gateway, exchange, current, text, verdict.problems);
    result = await rerun(current);
    if (result.kind !== 'json') return result;
  }
}

/** The call again, with the invalid answer and what is wrong with it added to the conversation. */
function followUp(
  gateway: Gateway,
  exchange: Exchange,
  call: ChatCall,
  answer: string,
  problems: string,
): ChatCall {
  const messages = Array.isArray(call.body.messages) ? call.body.messages : [];
  const feedback =
    `Your previous answer does not match the required JSON schema: ${problems}. ` +
    'Answer again with only the corrected JSON.';
  const body = {
    ...call.body,
    messages: [...messages, { role: 'assistant', content: answer }, { role: 'user', content: feedback }],
  };
  const parsed = gateway.edges[exchange.dialect].parseChat(body);
  return { ...call, body: parsed.body, canonical: parsed.canonical };
}

/** The text of a JSON answer in the client's dialect. */
function answerText(gateway: Gateway, exchange: Exchange, body: string): string {
  try {
    const provider = gateway.providerFor(exchange.dialect === 'anthropic' ? 'anthropic' : 'openai');
    return provider
      .chatResponse(JSON.parse(body))
      .content.map((part) => (part.type === 'text' ? part.text : ''))
      .join('');
  } catch {
    return '';
  }
}
