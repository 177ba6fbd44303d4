// The AWS region of a Bedrock deployment and the endpoint it implies. The region falls back to the
// environment variables every AWS SDK reads, so a deployment on AWS needs no region in the config.

/**
 * The configured region, else AWS_REGION, else AWS_DEFAULT_REGION; undefined when none is set.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-region.html
 */
export function awsRegion(
  configured: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return nonEmpty(configured) ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
}

/**
 * The Bedrock runtime endpoint of a region (the data plane: Converse, InvokeModel).
 * @see https://docs.aws.amazon.com/general/latest/gr/bedrock.html#br-rt
 */
export function bedrockRuntimeUrl(region: string): string {
  return `https://bedrock-runtime.${region}.amazonaws.com`;
}

/** Provider types that live on Bedrock and so need a region. */
export function isBedrockType(type: unknown): boolean {
  return type === 'bedrock' || type === 'bedrock-anthropic';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
