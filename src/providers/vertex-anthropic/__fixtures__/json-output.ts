// Scenario `json-output`: Claude on Vertex AI answers exactly as the first-party API does, so the Anthropic
// fixture's upstream and expectations hold; only the body differs: no `model` (it is in the URL)
// and `anthropic_version: vertex-2023-10-16`.
// @see https://docs.anthropic.com/en/api/claude-on-vertex-ai

import { jsonOutput as base } from '../../anthropic/__fixtures__/json-output.js';
import type { ProviderFixture } from '../../fixture.js';
import { VERTEX_ANTHROPIC_VERSION } from '../api.js';

const { model: _model, ...body } = base.expectedBody;

export const fixture: ProviderFixture = {
  ...base,
  expectedBody: { ...body, anthropic_version: VERTEX_ANTHROPIC_VERSION },
};
