// Scans outside a request (POST /admin/guard/scan), off the event loop when they are large: texts
// with more characters in all than a request's large-prompt threshold go to the scan thread; a few
// short ones are scanned inline, where the thread's round trip would cost more than the scan.

import { GatewayError } from '../errors.js';
import { ScanThread } from '../guard/scan-thread.js';
import { scanVerdicts, type ScanRequest, type ScanVerdict } from '../guard/scan-verdict.js';
import { largePromptCharacters } from './input-guardrails.js';

/** A scan not finished by then fails (503): a whole default body limit (32 MB) takes seconds. */
const scanTimeoutMs = 30_000;
let shared: ScanThread | undefined;

export interface ScanTextsOptions {
  /** Tests: another thread than the shared one. */
  thread?: Pick<ScanThread, 'run'>;
}

export async function scanTexts(
  request: ScanRequest,
  options: ScanTextsOptions = {},
): Promise<ScanVerdict[]> {
  let characters = 0;
  for (const { text } of request.texts) characters += text.length;
  if (characters <= largePromptCharacters) return scanVerdicts(request);
  const thread = options.thread ?? (shared ??= new ScanThread());
  try {
    return await thread.run(request, scanTimeoutMs);
  } catch (error) {
    throw new GatewayError(
      'unavailable',
      `The scan could not finish: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}
