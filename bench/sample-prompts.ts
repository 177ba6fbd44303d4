// Distinct, deterministic English prompts for the semantic-cache benchmarks (semantic-memory.ts,
// semantic-gateway.ts): `wordCount` words drawn from a short list, ending in the seed.

const words = (
  'how do I reset my password when the account page says the link has expired and support is closed ' +
  'what is the capital of France which river runs through it and how long is the train from London'
).split(' ');

export function samplePrompt(wordCount: number, seed: number): string {
  const chosen: string[] = [];
  for (let index = 0; index < wordCount; index++) chosen.push(words[(index * 7 + seed * 13) % words.length]!);
  return `${chosen.join(' ')} ${seed}`;
}
