// Every bedrock-anthropic (InvokeModel, Claude) fixture, one per scenario in src/providers/fixture.ts, for the shared
// contract suite. Test data only: excluded from the build.

import type { ProviderFixture } from '../../fixture.js';
import { invalidRequest } from './invalid-request.js';
import { jsonOutput } from './json-output.js';
import { overloaded } from './overloaded.js';
import { parallelToolCalls } from './parallel-tool-calls.js';
import { rateLimited } from './rate-limited.js';
import { streamCut } from './stream-cut.js';
import { text } from './text.js';
import { toolCall } from './tool-call.js';
import { upstream5xx } from './upstream-5xx.js';
import { usageCached } from './usage-cached.js';

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
