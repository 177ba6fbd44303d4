// InvokeModel errors are Bedrock's (x-amzn-errortype + {message}), not Anthropic's, whichever model
// answers: the Bedrock mapping applies unchanged, in-stream exceptions included.

export { fromBedrockError, fromBedrockStreamException, isStreamException } from '../bedrock/error.js';
