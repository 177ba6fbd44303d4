// A mock Bedrock runtime on 127.0.0.1 for end-to-end tests, written from the public API reference:
// JSON answers, binary event streams (with cuts and torn frames), Bedrock's error shape. It checks
// the SigV4 signature of every request by recomputing it with @smithy/signature-v4 and the known test
// secret, and answers 403 InvalidSignatureException when it does not match, so signing is proven.

import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import type { SseEvent } from '../../src/providers/provider.js';
import { NodeSha256 } from '../../src/upstream/auth/aws-sigv4.js';
import { encodeEventMessage } from '../../src/upstream/event-stream-writer.js';
import { LocalServer } from './local-server.js';

export interface BedrockRequest {
  method: string;
  /** As received, percent-encoding kept (model ids hold %3A). */
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export type BedrockReply =
  | { kind: 'json'; status?: number; body: unknown }
  | { kind: 'error'; status: number; type: string; message: string }
  | {
      kind: 'stream';
      events: SseEvent[];
      /** Destroy the socket after the events: the connection is cut. */
      cut?: boolean;
      /** Write only this many bytes of one more message, then end the body cleanly mid-frame. */
      tornBytes?: number;
    };

export interface BedrockCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export class BedrockUpstream extends LocalServer {
  readonly requests: BedrockRequest[] = [];
  /** Requests refused because their signature did not verify. */
  readonly rejected: string[] = [];
  private readonly replies: BedrockReply[] = [];

  constructor(private readonly credentials: BedrockCredentials) {
    super();
  }

  /** Between tests: forget the requests seen and any reply still queued (see MockUpstream.forget). */
  forget(): this {
    this.requests.length = 0;
    this.replies.length = 0;
    return this;
  }

  reply(...replies: BedrockReply[]): this {
    this.replies.push(...replies);
    return this;
  }

  get last(): BedrockRequest {
    const last = this.requests.at(-1);
    if (!last) throw new Error('the mock Bedrock received no request');
    return last;
  }

  protected async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const problem = await this.verify(request, text);
    if (problem !== undefined) {
      this.rejected.push(problem);
      writeError(
        response,
        403,
        'InvalidSignatureException',
        'The request signature we calculated does not match.',
      );
      return;
    }
    this.requests.push({
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    });
    const reply = this.replies.shift();
    if (!reply) {
      writeError(response, 500, 'InternalServerException', 'no reply scripted');
      return;
    }
    await write(reply, response);
  }

  /**
   * Recompute the signature over the headers the request says it signed, with the date it carries.
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
   */
  private async verify(request: IncomingMessage, body: string): Promise<string | undefined> {
    const authorization = request.headers.authorization ?? '';
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/bedrock\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    if (!match) return `not a SigV4 bedrock authorization: ${authorization.slice(0, 40)}`;
    const [, accessKeyId, region, signedHeaders, signature] = match;
    if (accessKeyId !== this.credentials.accessKeyId || region !== this.credentials.region) {
      return `wrong key or region: ${accessKeyId}/${region}`;
    }
    const bodyHash = createHash('sha256').update(body).digest('hex');
    if (request.headers['x-amz-content-sha256'] !== bodyHash) return 'body hash mismatch';
    const headers: Record<string, string> = {};
    for (const name of (signedHeaders ?? '').split(';')) headers[name] = String(request.headers[name] ?? '');
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const toVerify: HttpRequest = {
      method: request.method ?? 'POST',
      protocol: 'http:',
      hostname: headers.host?.split(':')[0] ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    };
    const date = String(request.headers['x-amz-date'] ?? '');
    const signingDate = new Date(
      `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
    );
    const signer = new SignatureV4({
      service: 'bedrock',
      region: this.credentials.region,
      credentials: {
        accessKeyId: this.credentials.accessKeyId,
        secretAccessKey: this.credentials.secretAccessKey,
      },
      sha256: NodeSha256,
    });
    const expected = await signer.sign(toVerify, { signingDate });
    return expected.headers.authorization?.endsWith(`Signature=${signature}`)
      ? undefined
      : 'signature mismatch';
  }
}

/** @see https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html */
function writeError(response: ServerResponse, status: number, type: string, message: string): void {
  response
    .writeHead(status, {
      'content-type': 'application/json',
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      'x-amzn-requestid': 'c0ffee00-0000-4000-8000-000000000000',
    })
    .end(JSON.stringify({ message }));
}

async function write(reply: BedrockReply, response: ServerResponse): Promise<void> {
  switch (reply.kind) {
    case 'json':
      response
        .writeHead(reply.status ?? 200, { 'content-type': 'application/json' })
        .end(JSON.stringify(reply.body));
      return;
    case 'error':
      writeError(response, reply.status, reply.type, reply.message);
      return;
    case 'stream': {
      response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
      for (const event of reply.events) {
        if (response.destroyed) return;
        response.write(encodeEventMessage(event));
      }
      if (reply.tornBytes !== undefined) {
        const next = encodeEventMessage({
          event: 'contentBlockDelta',
          data: '{"contentBlockIndex":0,"delta":{"text":"lost"}}',
        });
        response.end(next.subarray(0, reply.tornBytes));
        return;
      }
      if (reply.cut) {
        // Let the written events reach the gateway first: the cut must come after them.
        await sleep(30);
        response.socket?.destroy();
      } else response.end();
      return;
    }
  }
}
