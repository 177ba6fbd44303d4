// A client stream encoder that puts redacted values back (reversible redaction, docs/guardrails.md)
// before encoding: text, refusal and tool-call argument deltas go through a restorer that holds
// back a placeholder cut between deltas ("[EM" + "AIL_1]"), and what it holds is let out before
// the stream's finish. Used instead of passing the upstream's bytes through when a request was
// redacted, in either dialect.

import type { StreamEvent } from '../core/index.js';
import type { GatewayError } from '../errors.js';
import type { ReversibleRedaction } from '../guard/pii/reversible-redaction.js';
import type { ClientStreamEncoder } from './stream-translator.js';

type Restorer = ReturnType<ReversibleRedaction['restorer']>;

export function restoringEncoder(
  inner: ClientStreamEncoder,
  redaction: ReversibleRedaction,
): ClientStreamEncoder {
  const text = redaction.restorer();
  const refusal = redaction.restorer();
  const toolArguments = new Map<number, Restorer>();
  const flush = (): string => {
    let out = '';
    const heldText = text.end();
    if (heldText !== '') out += inner.encode({ type: 'text-delta', text: heldText });
    const heldRefusal = refusal.end();
    if (heldRefusal !== '') out += inner.encode({ type: 'refusal-delta', text: heldRefusal });
    for (const [index, restorer] of toolArguments) {
      const held = restorer.end();
      if (held !== '') out += inner.encode({ type: 'tool-call-delta', index, arguments: held });
    }
    return out;
  };
  return {
    encode(event: StreamEvent): string {
      switch (event.type) {
        case 'text-delta': {
          const restored = text.push(event.text);
          return restored === '' ? '' : inner.encode({ ...event, text: restored });
        }
        case 'refusal-delta': {
          const restored = refusal.push(event.text);
          return restored === '' ? '' : inner.encode({ ...event, text: restored });
        }
        case 'tool-call-delta': {
          let restorer = toolArguments.get(event.index);
          if (restorer === undefined) {
            // Arguments are JSON text: a value with a quote or a line break goes in escaped.
            restorer = redaction.restorer(true);
            toolArguments.set(event.index, restorer);
          }
          const restored = restorer.push(event.arguments);
          return restored === '' ? '' : inner.encode({ ...event, arguments: restored });
        }
        case 'finish':
          return flush() + inner.encode(event);
        // The model's reasoning is not restored: it is not shown as the answer.
        case 'reasoning-delta':
        case 'reasoning-signature':
        case 'redacted-reasoning':
        case 'response-start':
        case 'tool-call-start':
        case 'usage':
          return inner.encode(event);
      }
    },
    finish(): string {
      return flush() + inner.finish();
    },
    error(error: GatewayError): string {
      return inner.error(error);
    },
  };
}
