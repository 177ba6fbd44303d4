// Checks by services outside the gateway, as requests and verdicts (no I/O here: the server sends
// them, server/external-check.ts): a team's own webhook, Lakera Guard (POST /v2/guard with the
// conversation as messages, answer {flagged}) and Azure AI Content Safety's Prompt Shields (POST
// text:shieldPrompt with {userPrompt, documents}, answer {userPromptAnalysis, documentsAnalysis}
// with attackDetected flags), each shaped as its documentation shows.

import type { ExternalCheck } from '../config/guardrails-schema.js';
import type { TextSource } from './text-fields.js';

export interface CheckedText {
  text: string;
  source: TextSource;
}

export interface ExternalRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface ExternalVerdict {
  flagged: boolean;
  score?: number;
  reason?: string;
}

const lakeraUrl = 'https://api.lakera.ai/v2/guard';

export function externalRequest(
  check: ExternalCheck,
  texts: readonly CheckedText[],
  requestId: string,
): ExternalRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  switch (check.check) {
    case 'webhook':
      return {
        url: check.url ?? '',
        headers: { ...headers, ...check.headers },
        body: JSON.stringify({ requestId, stage: 'input', texts }),
      };
    case 'lakera': {
      const messages = texts.map(({ text, source }) => ({
        role: source === 'tool' ? 'user' : source,
        content: text,
      }));
      const body = check.projectId === undefined ? { messages } : { messages, project_id: check.projectId };
      return {
        url: check.url ?? lakeraUrl,
        headers: { ...headers, authorization: `Bearer ${check.apiKey ?? ''}` },
        body: JSON.stringify(body),
      };
    }
    case 'azure-prompt-shields': {
      const base = (check.url ?? '').replace(/\/+$/, '');
      const userPrompt = texts
        .filter((entry) => entry.source === 'user')
        .map((entry) => entry.text)
        .join('\n');
      const documents = texts.filter((entry) => entry.source === 'tool').map((entry) => entry.text);
      return {
        url: `${base}/contentsafety/text:shieldPrompt?api-version=${encodeURIComponent(check.apiVersion)}`,
        headers: { ...headers, 'ocp-apim-subscription-key': check.apiKey ?? '' },
        body: JSON.stringify({ userPrompt, documents }),
      };
    }
  }
}

/** The service's answer read as a verdict; throws with a short reason when it is not one. */
export function externalVerdict(check: ExternalCheck, status: number, answer: unknown): ExternalVerdict {
  if (status < 200 || status >= 300) throw new Error(`the service answered ${status}`);
  const value = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  switch (check.check) {
    case 'webhook': {
      if (typeof value.flagged !== 'boolean') throw new Error('the answer has no boolean "flagged"');
      const verdict: ExternalVerdict = { flagged: value.flagged };
      if (typeof value.score === 'number' && Number.isFinite(value.score)) verdict.score = value.score;
      if (typeof value.reason === 'string') verdict.reason = value.reason.slice(0, 200);
      return verdict;
    }
    case 'lakera':
      if (typeof value.flagged !== 'boolean') throw new Error('the answer has no boolean "flagged"');
      return { flagged: value.flagged };
    case 'azure-prompt-shields': {
      const user = value.userPromptAnalysis as { attackDetected?: unknown } | undefined;
      const documents = Array.isArray(value.documentsAnalysis)
        ? (value.documentsAnalysis as unknown[])
        : undefined;
      if (typeof user?.attackDetected !== 'boolean' || documents === undefined) {
        throw new Error('the answer has no userPromptAnalysis.attackDetected and documentsAnalysis');
      }
      const documentAttack = documents.some(
        (entry) => (entry as { attackDetected?: unknown } | null)?.attackDetected === true,
      );
      const reason = user.attackDetected
        ? 'user prompt attack'
        : documentAttack
          ? 'document attack'
          : undefined;
      return reason === undefined ? { flagged: false } : { flagged: true, reason };
    }
  }
}
