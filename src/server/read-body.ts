// Read a JSON request body with the limits a public endpoint needs: content type, size (checked
// against Content-Length up front and while reading), strict UTF-8, and a clear JSON syntax error.

import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors.js';
import { collectBody } from '../io/collect-body.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new GatewayError('invalid_request', 'The request body is not valid UTF-8.');
  }
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
