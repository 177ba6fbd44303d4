// The Mistral provider's fixtures, one per scenario in fixture.ts, for the contract suite.

import type { ProviderFixture } from '../../fixture.js';
import { fixture as invalidRequest } from './invalid-request.js';
import { fixture as jsonOutput } from './json-output.js';
import { fixture as overloaded } from './overloaded.js';
import { fixture as parallelToolCalls } from './parallel-tool-calls.js';
import { fixture as rateLimited } from './rate-limited.js';
import { fixture as streamCut } from './stream-cut.js';
import { fixture as text } from './text.js';
import { fixture as toolCall } from './tool-call.js';
import { fixture as upstream5xx } from './upstream-5xx.js';
import { fixture as usageCached } from './usage-cached.js';

export const fixtures: ProviderFixture[] = [
  text,
  toolCall,
  parallelToolCalls,
  jsonOutput,
  usageCached,
  rateLimited,
  invalidRequest,
  upstream5xx,
  overloaded,
  streamCut,
];
