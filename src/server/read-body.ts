// Read a JSON request body with the limits a public endpoint needs: content type, size (checked
// against Content-Length up front and while reading), strict UTF-8, and a clear JSON syntax error.

import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors.js';
import { collectBody } from '../io/collect-body.js';

export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const type = request.headers['content-type'];
  if (type === undefined || !isJsonType(type)) {
    throw new GatewayError(
      'unsupported_media_type',
      'Send the body as JSON with Content-Type: application/json.',
    );
  }
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    throw new GatewayError(
      'unsupported_media_type',
      `Content-Encoding '${encoding.slice(0, 40)}' is not accepted: send the body uncompressed.`,
    );
  }
  const declared = Number(request.headers['content-length']);
  if (declared > limitBytes) throw tooLarge(limitBytes);

  const bytes = await collectBody(request, limitBytes, () => tooLarge(limitBytes));
  if (bytes.length === 0)
    throw new GatewayError('invalid_json', 'The request body is empty; send a JSON object.');
  // isUtf8 (simdutf) then toString is several times cheaper than a fatal TextDecoder.
  if (!isUtf8(bytes)) throw new GatewayError('invalid_request', 'The request body is not valid UTF-8.');
  const text = bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new GatewayError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (nestedDeeperThan(bytes, maxDepth)) {
    throw new GatewayError(
      'invalid_json',
      `The request body nests arrays and objects more than ${maxDepth} deep.`,
    );
  }
  return parsed;
}

/**
 * Deeper JSON parses, but writing it out again (the request to the provider, the log) overflows
 * the stack at a few thousand levels. No API body needs more than a few dozen levels.
 */
export const maxDepth = 1000;

/** Whether `bytes` (valid JSON) opens more than `limit` arrays and objects inside one another. */
export function nestedDeeperThan(bytes: Buffer, limit: number): boolean {
  // Each level takes two bytes at least: a shorter body cannot be that deep, and most are.
  if (bytes.length <= 2 * limit) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (inString) {
      if (byte === 0x5c)
        index++; // a backslash: the next byte is escaped
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > limit) return true;
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
  return false;
}

function isJsonType(type: string): boolean {
  const media = type.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
}

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError('payload_too_large', `The request body exceeds the limit of ${limitBytes} bytes.`);
}
