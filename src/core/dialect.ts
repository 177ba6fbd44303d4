// The two client wire dialects the gateway speaks. Providers declare theirs too, which is how
// the pipeline knows when a body can pass through untouched.

export type Dialect = 'openai' | 'anthropic';
