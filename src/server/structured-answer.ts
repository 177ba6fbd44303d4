// A route's json-schema output check (docs/guardrails.md): a JSON answer to a request that asked
// for a JSON schema must parse and match it, and tool calls must name a declared tool with
// arguments matching its parameter schema. With `retry`, the model is asked again, its invalid
// answer and the problems added to the conversation, up to `attempts` times, through the same model
// (balancing, retries, breakers); each new call is an attempt of the same request's record. An
// answer still invalid is refused (502, invalid_output), and a fallback model whose `on:` lists
// invalid_output then takes the request; with flag or log it is only recorded.
// A streaming request is checked by asking for the whole answer and streaming it once checked.

import type { ResolvedModel } from '../config/resolve-model.js';
import { isToolCall, type ToolCallPart } from '../core/content.js';
import type { ChatResponse } from '../core/index.js';
import { GatewayError } from '../errors.js';
import { checkJsonAnswer, requestedSchema, type AnswerCheck } from '../guard/json-answer.js';
import { callProblem, checkToolCalls, requestedToolSchemas } from '../guard/tool-arguments.js';
import type { ChatCall, ChatOutcome } from '../pipeline/chat-types.js';
import type { GuardrailVerdict } from '../telemetry/request-record.js';
import type { RequestTrail } from '../telemetry/request-trail.js';
import { answerFollowUp, toolCallFollowUp } from './answer-follow-up.js';
import type { Exchange } from './exchange.js';
import type { Gateway } from './gateway.js';
import { wholeAnswerCall } from './whole-answer-call.js';

/** What the request asked of its answer: a schema for its text, schemas for its tool calls. */
interface Expected {
  schema: object | undefined;
  tools: Map<string, object> | undefined;
}

function expectedOf(exchange: Exchange, route: ResolvedModel, body: ChatCall['body']): Expected | undefined {
  if (!route.outputChecks.some((check) => check.check === 'json-schema')) return undefined;
  const expected = {
    schema: requestedSchema(exchange.dialect, body),
    tools: requestedToolSchemas(exchange.dialect, body),
  };
  return expected.schema === undefined && expected.tools === undefined ? undefined : expected;
}

/**
 * A streaming request whose answer must be checked whole (its text against a JSON schema, or its
 * tool calls against their tools) is sent upstream whole: this is that call, or undefined when
 * nothing needs checking. The checked answer then goes to the client as a stream
 * (chat-cache.ts sendAsStream), so its first byte comes when the whole answer has been checked.
 */
export function bufferForSchema(
  exchange: Exchange,
  gateway: Gateway,
  route: ResolvedModel,
  call: ChatCall,
): ChatCall | undefined {
  if (!call.stream || expectedOf(exchange, route, call.body) === undefined) return undefined;
  return wholeAnswerCall(exchange, gateway, call);
}

/**
 * The check as a step of each model's run (server/run-route.ts `accept`): it takes a model's
 * answer, asks that model again while retries remain, and returns the answer to serve or throws
 * invalid_output, which the route's fallbacks may take. Undefined when the route has no such check
 * or the request asked for nothing it could check.
 */
export function structuredAnswerCheck(
  exchange: Exchange,
  gateway: Gateway,
  trail: RequestTrail,
  route: ResolvedModel,
  call: ChatCall,
):
  | ((first: ChatOutcome, rerun: (next: ChatCall) => Promise<ChatOutcome>) => Promise<ChatOutcome>)
  | undefined {
  const check = route.outputChecks.find((candidate) => candidate.check === 'json-schema');
  const expected = expectedOf(exchange, route, call.body);
  if (check === undefined || expected === undefined) return undefined;
  const retries = check.action === 'retry' ? (check.attempts ?? 1) : 0;
  return async (first, rerun) => {
    if (first.kind !== 'json') return first;
    const started = performance.now();
    let result: ChatOutcome = first;
    let current = call;
    for (let answers = 1; ; answers++) {
      const answer = parseAnswer(gateway, exchange, result.kind === 'json' ? result.body : '');
      const verdict = judge(expected, answer);
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
      current = followUp(gateway, exchange, current, expected, answer, verdict.problems);
      result = await rerun(current);
      if (result.kind !== 'json') return result;
    }
  };
}

/** Tool calls are checked against their tools; an answer without any, against the schema. */
function judge(expected: Expected, answer: Answer): AnswerCheck {
  if (answer.calls.length > 0) {
    return expected.tools === undefined ? { valid: true } : checkToolCalls(expected.tools, answer.calls);
  }
  return expected.schema === undefined ? { valid: true } : checkJsonAnswer(expected.schema, answer.text);
}

/** The call again, with the invalid answer and what is wrong with it added to the conversation. */
function followUp(
  gateway: Gateway,
  exchange: Exchange,
  call: ChatCall,
  expected: Expected,
  answer: Answer,
  problems: string,
): ChatCall {
  const tools = expected.tools;
  const body =
    answer.calls.length > 0 && tools !== undefined
      ? toolCallFollowUp(exchange.dialect, call.body, answer.text, answer.calls, (part) =>
          callProblem(tools, part),
        )
      : answerFollowUp(call.body, answer.text, problems);
  const parsed = gateway.edges[exchange.dialect].parseChat(body);
  return { ...call, body: parsed.body, canonical: parsed.canonical };
}

interface Answer {
  text: string;
  calls: ToolCallPart[];
}

/** The text and tool calls of a JSON answer in the client's dialect (none when it does not parse). */
function parseAnswer(gateway: Gateway, exchange: Exchange, body: string): Answer {
  let response: ChatResponse;
  try {
    const provider = gateway.providerFor(exchange.dialect === 'anthropic' ? 'anthropic' : 'openai');
    response = provider.chatResponse(JSON.parse(body));
  } catch {
    return { text: '', calls: [] };
  }
  return {
    text: response.content.map((part) => (part.type === 'text' ? part.text : '')).join(''),
    calls: response.content.filter(isToolCall),
  };
}
