// The GatewayError a promise rejects with: a test fails if it resolves, or rejects with anything
// that is not a GatewayError (that error is rethrown as it is).

import { isGatewayError, type GatewayError } from '../../src/errors.js';

export async function gatewayFailure(promise: Promise<unknown>): Promise<GatewayError> {
  const outcome = await promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
  if (!isGatewayError(outcome)) throw outcome;
  return outcome;
}
