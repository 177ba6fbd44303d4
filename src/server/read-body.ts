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
  const declared = Number(request.headers['content-length']);
  if (declared > limitBytes) throw tooLarge(limitBytes);

  const bytes = await collectBody(request, limitBytes, () => tooLarge(limitBytes));
  if (bytes.length === 0)
    throw new GatewayError('invalid_json', 'The request body is empty; send a JSON object.');
  // isUtf8 (simdutf) then toString is several times cheaper than a fatal TextDecoder.
  if (!isUtf8(bytes)) throw new GatewayError('invalid_request', 'The request body is not valid UTF-8.');
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GatewayError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function isJsonType(type: string): boolean {
  const media = type.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
}

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError('payload_too_large', `The request body exceeds the limit of ${limitBytes} bytes.`);
}
