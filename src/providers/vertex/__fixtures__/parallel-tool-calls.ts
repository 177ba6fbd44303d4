// Scenario `parallel-tool-calls`: Vertex AI's generateContent body, answer and error envelope are the Gemini API's,
// so this scenario is the Gemini fixture (the URL and credentials differ; the contract suite and
// request.test.ts check those).
// @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference

export { fixture } from '../../gemini/__fixtures__/parallel-tool-calls.js';
