import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { scanVerdicts, type ScanRequest } from '../guard/scan-verdict.js';
import { largePromptCharacters } from './input-guardrails.js';
import { scanTexts } from './scan-texts.js';

function recordingThread(answer: (request: ScanRequest) => Promise<ReturnType<typeof scanVerdicts>>) {
  const requests: ScanRequest[] = [];
  return {
    requests,
    run: (request: ScanRequest) => {
      requests.push(request);
      return answer(request);
    },
  };
}

describe('scanTexts', () => {
  it('scans a few short texts on the event loop', async () => {
    const thread = recordingThread(async () => []);
    const request: ScanRequest = { texts: [{ text: 'mail jane@example.com', mode: 'user' }] };
    expect(await scanTexts(request, { thread })).toEqual(scanVerdicts(request));
    expect(thread.requests).toHaveLength(0);
  });

  it('sends the whole scan to the thread when its texts together pass the large-prompt threshold', async () => {
    const thread = recordingThread(async (request) => scanVerdicts(request));
    const half = 'word '.repeat(largePromptCharacters / 10 + 1).slice(0, largePromptCharacters / 2 + 1);
    const request: ScanRequest = {
      texts: [
        { text: half, mode: 'user' },
        { text: half, mode: 'document' },
      ],
    };
    expect(half.length).toBeLessThan(largePromptCharacters);
    await scanTexts(request, { thread });
    expect(thread.requests).toEqual([request]);
  });

  it('answers 503 when the thread cannot finish, saying why', async () => {
    const thread = recordingThread(async () => {
      throw new Error('the scan did not finish within 30000 ms');
    });
    const request: ScanRequest = { texts: [{ text: 'x'.repeat(largePromptCharacters + 1), mode: 'user' }] };
    const error = await scanTexts(request, { thread }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      status: 503,
      message: 'The scan could not finish: the scan did not finish within 30000 ms.',
    });
  });
});
