// The semantic cache's provider embedder: texts embedded by one of the gateway's own embeddings
// models (`cache.semantic.embedder`), as part of the caller's request. The call goes through that
// route like any other — balancing, retries, breakers, the caller's deadline — and gets its own
// record, so what the cache's embeddings cost is in the request log, billed to the same caller.

import { resolveModel } from '../config/resolve-model.js';
import { GatewayError } from '../errors.js';
import { newSpanId } from '../telemetry/trace-context.js';
import { RequestTrail } from '../telemetry/request-trail.js';
import { embedAttempt } from './embed-attempt.js';
import type { Exchange } from './exchange.js';
import type { Gateway } from './gateway.js';
import { newRequestId } from './request-id.js';
import { runRoute } from './run-route.js';

export async function embedThroughRoute(
  exchange: Exchange,
  gateway: Gateway,
  caller: RequestTrail,
  alias: string,
  texts: string[],
): Promise<Float32Array[]> {
  const config = gateway.configs.current;
  const route = resolveModel(config, alias, 'embeddings');
  if (route === undefined) {
    throw new GatewayError(
      'internal',
      `cache.semantic.embedder names "${alias}", which is not an embeddings model`,
    );
  }
  const trail = new RequestTrail(newRequestId(), 'openai', {
    traceId: caller.trace.traceId,
    spanId: newSpanId(),
    parentSpanId: caller.trace.spanId,
    sampled: caller.trace.sampled,
  });
  trail.operation = 'embeddings';
  trail.principal = caller.principal;
  trail.sessionId = caller.sessionId;
  trail.workflowId = caller.workflowId;
  trail.configVersion = gateway.configs.version;
  trail.model = alias;
  trail.route = route.alias;
  trail.body = { model: alias, input: texts };
  try {
    const { result } = await runRoute(exchange, gateway, trail, route, 'embeddings', (target, context) =>
      embedAttempt(
        gateway,
        target,
        { model: target.upstreamModel, input: texts },
        { ...context, attempt: context.trail },
      ),
    );
    if (result.vectors.length !== texts.length) {
      throw new GatewayError(
        'upstream_error',
        `the embeddings model returned ${result.vectors.length} vectors for ${texts.length} texts`,
      );
    }
    return result.vectors.map((vector) => Float32Array.from(vector));
  } catch (error) {
    const failure = error instanceof GatewayError ? error : new GatewayError('internal', String(error));
    trail.error = failure;
    trail.status = failure.status;
    throw error;
  } finally {
    gateway.records.finish(trail, config);
  }
}
