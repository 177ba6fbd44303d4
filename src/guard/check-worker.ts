// The worker thread of the local guardrail checks (check-thread.ts starts it): large prompts are
// scanned here, so a megabyte of text never holds the event loop for tens of milliseconds.

import { answerCalls } from '../io/answer-calls.js';
import { runLocalChecks } from './local-checks.js';

answerCalls(runLocalChecks);
