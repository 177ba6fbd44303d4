// One upstream request whose answer is wanted whole (embeddings, a token count): authorized
// (OAuth tokens, SigV4), bounded by the request's deadline and the target's idle timeout,
// called off when the client leaves; an error answer is thrown as the provider reads it, its
// credential marked when a 401/403 says so (upstream-failure.ts).

import type { Cancellation } from '../core/index.js';
import type { Provider, UpstreamRequest } from '../providers/provider.js';
import { authorized } from '../upstream/auth/authorizer.js';
import type { Dispatchers } from '../upstream/dispatchers.js';
import { headersOf, sendWhole, type WholeResponse } from '../upstream/send-whole.js';
import { AttemptControl } from './attempt-control.js';
import type { ChatTarget } from './chat-types.js';
import { upstreamFailure, type CredentialState } from './upstream-failure.js';

export interface WholeAttempt {
  provider: Provider;
  target: ChatTarget;
  /** The credential `built` carries, for upstreamFailure to mark. */
  apiKey: string;
  cancellation: Cancellation;
  /** Epoch ms by which the whole request must be done. */
  deadline: number;
  /** Told of every answer, error answers included, before its status is judged (quotas, the trail). */
  answered?(response: WholeResponse): void;
}

/** The answer's text when its status is below 400. */
export async function sendWholeAttempt(
  built: UpstreamRequest,
  attempt: WholeAttempt,
  dependencies: CredentialState & { dispatchers: Dispatchers },
): Promise<string> {
  const { target } = attempt;
  const control = new AttemptControl(attempt.cancellation, attempt.deadline);
  try {
    const pending = authorized(dependencies.authorizers, target.settings, built, control.signal);
    const upstream = pending instanceof Promise ? await pending : pending;
    const response = await sendWhole(upstream, {
      dispatcher: dependencies.dispatchers.for(target.settings.name, upstream.url),
      signal: control.signal,
      // The answer arrives whole: only the request's deadline bounds it.
      headersTimeoutMs: Math.max(1, attempt.deadline - Date.now()),
      idleTimeoutMs: target.timeouts.idleMs,
    });
    attempt.answered?.(response);
    const text = response.body.toString('utf8');
    if (response.status >= 400) {
      throw upstreamFailure(
        attempt.provider,
        response.status,
        headersOf(response.rawHeaders),
        text,
        target.settings,
        attempt.apiKey,
        dependencies,
      );
    }
    return text;
  } finally {
    control.finish();
  }
}
