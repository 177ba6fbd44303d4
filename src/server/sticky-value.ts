// The value that pins a caller to one target on a route with `sticky: { header }`: that request
// header's value, or undefined when the route is not sticky or the caller did not send it.

import type { IncomingMessage } from 'node:http';
import type { ResolvedModel } from '../config/resolve-model.js';

export function stickyValue(request: IncomingMessage, route: ResolvedModel): string | undefined {
  if (route.stickyHeader === undefined) return undefined;
  const value = request.headers[route.stickyHeader];
  const text = Array.isArray(value) ? value.join(',') : value;
  return text === undefined || text === '' ? undefined : text;
}
