// The route's output checks on an answer (docs/guardrails.md), before it reaches the client: pii,
// leakage, banned phrases and length. A JSON answer's texts are scanned whole; a stream's text deltas go through a StreamScanner that
// holds back a few characters so an entity cut between deltas is still seen. Actions: mask the
// values, block (a JSON answer becomes a 400; a stream ends with an error event and nothing more),
// hold (noted on the guard: server/held-reply.ts keeps the answer for a reviewer), or only record
// a verdict (flag, log). Checks see the answer before redacted values are put back: a user's own
// data restored into the answer is never masked.

import { mapJsonStrings } from '../core/map-json-strings.js';
import type { OutputCheck } from '../config/guardrails-schema.js';
import type { Dialect, StreamEvent } from '../core/index.js';
import { GatewayError } from '../errors.js';
import type { PiiEntity } from '../guard/pii/pii-entity.js';
import { maskEntities, maskValue } from '../guard/pii/mask-values.js';
import { scanPii } from '../guard/pii/scan-pii.js';
import { StreamScanner } from '../guard/pii/stream-scanner.js';
import { leakDetector } from '../guard/leakage.js';
import { phraseFinder } from '../guard/banned-phrases.js';
import type { GuardrailVerdict } from '../telemetry/request-record.js';
import { foundVerdict } from '../guard/check-verdict.js';
import type { ClientStreamEncoder } from './stream-translator.js';

export interface OutputGuard {
  checks: readonly OutputCheck[];
  requestId: string;
  /** Where verdicts go (the request's trail). */
  verdicts: GuardrailVerdict[];
  /** For leakage checks: the request's system prompt and the canary appended to it. */
  leakage?: { systemPrompt: string; canary: string | undefined };
  /** Set by guardJsonAnswer: the first check whose action is hold and that found something. */
  held?: OutputCheck | undefined;
}

/** Each phrases check's finder, compiled once per config (the check object lives as long as it). */
const phraseFinders = new WeakMap<OutputCheck, (text: string) => PiiEntity[]>();

function phraseFinderOf(check: OutputCheck): (text: string) => PiiEntity[] {
  let find = phraseFinders.get(check);
  if (find === undefined) {
    find = phraseFinder(check.phrases ?? []);
    phraseFinders.set(check, find);
  }
  return find;
}

/** Finds a check's entities in a text. */
function finder(check: OutputCheck, guard: OutputGuard): (text: string) => PiiEntity[] {
  const types = check.types === undefined ? undefined : new Set<string>(check.types);
  const leaks =
    check.check === 'leakage'
      ? leakDetector(
          guard.leakage?.systemPrompt ?? '',
          check.canary === false ? undefined : guard.leakage?.canary,
        )
      : undefined;
  const phrases = check.check === 'phrases' ? phraseFinderOf(check) : undefined;
  return (text) =>
    (leaks?.(text) ?? phrases?.(text) ?? scanPii(text, check.minimumConfidence)).filter(
      (entity) => types?.has(entity.type) ?? true,
    );
}

/** What a check found so far, for its verdict. */
interface Tally {
  found: Record<string, number>;
  score: { max: number };
}

function note(tally: Tally, entity: PiiEntity): void {
  const label = entity.kind ?? entity.type;
  tally.found[label] = (tally.found[label] ?? 0) + 1;
  tally.score.max = Math.max(tally.score.max, entity.confidence);
}

function verdictOf(
  check: OutputCheck,
  found: Record<string, number>,
  max: number,
  started: number,
): GuardrailVerdict {
  return foundVerdict(check, 'output', found, max, started);
}

function withheld(check: OutputCheck, found: Record<string, number>, requestId: string): GatewayError {
  const why =
    check.check === 'length'
      ? `it is longer than ${check.maxCharacters} characters`
      : `it contains ${Object.keys(found).join(', ')}`;
  return new GatewayError(
    'guardrail_blocked',
    `The answer was withheld by the route's "${check.check}" output guardrail: ${why}. Reference: ${requestId}.`,
  );
}

/** A length check's state: what it found once the answer's text passed its limit. */
interface LengthState {
  check: OutputCheck;
  found: Record<string, number>;
}

function lengthStates(guard: OutputGuard): LengthState[] {
  return guard.checks.filter((check) => check.check === 'length').map((check) => ({ check, found: {} }));
}

/** Notes `characters` of text so far on each length check; returns the first that `stops`. */
function measure(
  states: readonly LengthState[],
  characters: number,
  stops: (check: OutputCheck) => boolean,
): LengthState | undefined {
  let blocker: LengthState | undefined;
  for (const state of states) {
    if (characters <= (state.check.maxCharacters ?? Infinity)) continue;
    state.found.characters = characters;
    if (stops(state.check)) blocker ??= state;
  }
  return blocker;
}

/** A JSON answer (in the client's dialect) after the checks; throws when one blocks it. */
export function guardJsonAnswer(dialect: Dialect, body: string, guard: OutputGuard): string {
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return body;
  }
  let changed = false;
  for (const check of scanningChecks(guard)) {
    const started = performance.now();
    const found: Record<string, number> = {};
    const score = { max: 0 };
    const find = finder(check, guard);
    answer = mapAnswerTexts(dialect, answer, (text) => {
      const entities = find(text);
      for (const entity of entities) note({ found, score }, entity);
      if (check.action !== 'mask' || entities.length === 0) return text;
      changed = true;
      return maskEntities(text, entities);
    });
    guard.verdicts.push(verdictOf(check, found, score.max, started));
    if (check.action === 'block' && Object.keys(found).length > 0)
      throw withheld(check, found, guard.requestId);
    if (check.action === 'hold' && Object.keys(found).length > 0) guard.held ??= check;
  }
  const lengths = lengthStates(guard);
  if (lengths.length > 0) {
    const started = performance.now();
    let characters = 0;
    // The length of what the model said: tool-call arguments are not counted (docs/guardrails.md).
    mapAnswerTexts(
      dialect,
      answer,
      (text) => {
        characters += text.length;
        return text;
      },
      'text',
    );
    const blocker = measure(lengths, characters, (check) => check.action === 'block');
    for (const state of lengths) guard.verdicts.push(verdictOf(state.check, state.found, 1, started));
    if (blocker !== undefined) throw withheld(blocker.check, blocker.found, guard.requestId);
    const holder = lengths.find((state) => state.check.action === 'hold' && 'characters' in state.found);
    if (holder !== undefined) guard.held ??= holder.check;
  }
  return changed ? JSON.stringify(answer) : body;
}

/** A client stream encoder whose text deltas pass the checks first. */
export function guardedEncoder(inner: ClientStreamEncoder, guard: OutputGuard): ClientStreamEncoder {
  const started = performance.now();
  const states = scanningChecks(guard).map((check) => ({
    check,
    found: {},
    score: { max: 0 },
    find: finder(check, guard),
  }));
  // One scanner: each check's finder runs on the same held text, its entities marked with the
  // check. An entity is counted when it is let out (the held text is scanned more than once), and
  // replaced when its check masks; a blocking check's entity stops the stream before it goes out.
  const scannerOf = () =>
    new StreamScanner(
      (text) => {
        const all: PiiEntity[] = [];
        states.forEach((state, owner) => {
          for (const entity of state.find(text)) all.push(Object.assign(entity, { owner }));
        });
        return all;
      },
      (entity, value) => {
        const state = states[(entity as PiiEntity & { owner: number }).owner]!;
        note(state, entity);
        return state.check.action === 'mask' ? maskValue(entity, value) : value;
      },
    );
  const scanner = scannerOf();
  // Tool-call arguments and refusals are checked the same way, each held back on its own.
  const argumentScanners = new Map<number, StreamScanner>();
  const refusalScanner = scannerOf();
  const lengths = lengthStates(guard);
  let released = 0;
  let blocked = false;
  let settled = false;
  const settle = (): void => {
    if (settled) return;
    settled = true;
    for (const state of states)
      guard.verdicts.push(verdictOf(state.check, state.found, state.score.max, started));
    for (const state of lengths) guard.verdicts.push(verdictOf(state.check, state.found, 1, started));
  };
  // A hold route's answers are checked whole (server/held-reply.ts); should a stream ever reach a
  // holding check, it withholds rather than lets the answer out.
  const stops = (check: OutputCheck) => check.action === 'block' || check.action === 'hold';
  const blockedBy = () => states.find((state) => stops(state.check) && Object.keys(state.found).length > 0);
  const pass = (text: string): string => {
    if (blocked) return '';
    released += text.length;
    const blocker = blockedBy() ?? measure(lengths, released, stops);
    if (blocker !== undefined) {
      blocked = true;
      settle();
      return inner.error(withheld(blocker.check, blocker.found, guard.requestId));
    }
    return text === '' ? '' : inner.encode({ type: 'text-delta', text });
  };
  /** Checked text that is not the answer's text (tool-call arguments, a refusal): not counted by length. */
  const passOther = (text: string, event: StreamEvent): string => {
    if (blocked) return '';
    const blocker = blockedBy();
    if (blocker !== undefined) {
      blocked = true;
      settle();
      return inner.error(withheld(blocker.check, blocker.found, guard.requestId));
    }
    return text === '' ? '' : inner.encode(event);
  };
  /** Everything held let out, checked: the text, each call's arguments, the refusal. */
  const release = (): string => {
    let out = pass(scanner.end());
    for (const [index, held] of argumentScanners) {
      const text = held.end();
      out += passOther(text, { type: 'tool-call-delta', index, arguments: text });
    }
    const refusal = refusalScanner.end();
    return out + passOther(refusal, { type: 'refusal-delta', text: refusal });
  };
  return {
    encode(event: StreamEvent): string {
      if (blocked) return '';
      switch (event.type) {
        case 'text-delta':
          return pass(scanner.push(event.text));
        case 'finish': {
          const rest = release();
          return blocked ? rest : rest + inner.encode(event);
        }
        // What was written before a tool call goes out before it, checked: held back any longer,
        // it would reach the client after the call.
        case 'tool-call-start': {
          const before = release();
          return blocked ? before : before + inner.encode(event);
        }
        case 'tool-call-delta': {
          const before = pass(scanner.end());
          if (blocked) return before;
          let held = argumentScanners.get(event.index);
          if (held === undefined) {
            held = scannerOf();
            argumentScanners.set(event.index, held);
          }
          const text = held.push(event.arguments);
          return before + passOther(text, { ...event, arguments: text });
        }
        case 'refusal-delta': {
          const before = pass(scanner.end());
          if (blocked) return before;
          const text = refusalScanner.push(event.text);
          return before + passOther(text, { ...event, text });
        }
        // Reasoning is not shown as the answer; ids and usage carry no text.
        case 'reasoning-delta':
        case 'reasoning-signature':
        case 'redacted-reasoning':
        case 'response-start':
        case 'usage':
          return inner.encode(event);
      }
    },
    finish(): string {
      if (blocked) return '';
      const rest = release();
      if (blocked) return rest;
      settle();
      return rest + inner.finish();
    },
    error(error: GatewayError): string {
      settle();
      return blocked ? '' : inner.error(error);
    },
  };
}

/** The checks that scan text (json-schema checks are the server's: server/structured-answer.ts). */
function scanningChecks(guard: OutputGuard): OutputCheck[] {
  return guard.checks.filter((check) => check.check !== 'json-schema' && check.check !== 'length');
}

/** The answer's texts: OpenAI's choices' message content, Anthropic's text blocks. */
function mapAnswerTexts(
  dialect: Dialect,
  answer: Record<string, unknown>,
  map: (text: string) => string,
  parts: 'text' | 'all' = 'all',
): Record<string, unknown> {
  const all = parts === 'all';
  if (dialect === 'anthropic') {
    if (!Array.isArray(answer.content)) return answer;
    return {
      ...answer,
      content: answer.content.map((block: unknown) => {
        const record = block as Record<string, unknown>;
        if (record?.type === 'text' && typeof record.text === 'string')
          return { ...record, text: map(record.text) };
        // What the model put in a tool call's input goes to the client too.
        if (all && record?.type === 'tool_use' && record.input !== undefined) {
          return { ...record, input: mapJsonStrings(record.input, map, 16) };
        }
        return block;
      }),
    };
  }
  if (!Array.isArray(answer.choices)) return answer;
  return {
    ...answer,
    choices: answer.choices.map((choice: unknown) => {
      const record = choice as { message?: Record<string, unknown> };
      const message = record?.message;
      if (message === undefined || message === null) return choice;
      const mapped: Record<string, unknown> = { ...message };
      if (typeof message.content === 'string') mapped.content = map(message.content);
      if (all && typeof message.refusal === 'string') mapped.refusal = map(message.refusal);
      if (all && Array.isArray(message.tool_calls)) {
        mapped.tool_calls = message.tool_calls.map((call: unknown) => {
          const fn = (call as { function?: Record<string, unknown> })?.function;
          return typeof fn?.arguments === 'string'
            ? { ...(call as object), function: { ...fn, arguments: map(fn.arguments) } }
            : call;
        });
      }
      return { ...record, message: mapped };
    }),
  };
}
