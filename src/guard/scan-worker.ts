// The worker thread of scans outside a request (scan-thread.ts starts it): the verdicts of many or
// large texts, computed here so the event loop stays free.

import { answerCalls } from '../io/answer-calls.js';
import { scanVerdicts } from './scan-verdict.js';

answerCalls(scanVerdicts);
