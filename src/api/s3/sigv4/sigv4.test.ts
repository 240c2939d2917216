/**
 * The worked examples of the Amazon S3 API Reference, "Signature Calculations for the
 * Authorization Header", "Authenticating Requests: Using Query Parameters" and "Transferring
 * Payload in Multiple Chunks": same credentials, same requests, same signatures.
 */
import { describe, expect, it } from 'vitest';
import { S3Error } from '../errors.js';
import { sha256Hex } from './canonical.js';
import { decodeAwsChunked } from './chunked.js';
import { verifySignature, type SignedRequest } from './verify.js';

const AKID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const NOW = Date.UTC(2013, 4, 24, 0, 0, 0);
const secretFor = (id: string) => (id === AKID ? SECRET : undefined);
const SCOPE = `${AKID}/20130524/us-east-1/s3/aws4_request`;

function request(method: string, url: string, headers: Record<string, string>): SignedRequest {
  const [path, search = ''] = url.split('?') as [string, string?];
  const query = search === '' ? [] : search.split('&').map((p) => { const [k, v = ''] = p.split('='); return [decodeURIComponent(k!), decodeURIComponent(v)] as const; });
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, rawPath: path, query, header: (n) => lower.get(n) };
}

const auth = (signed: string, signature: string) => `AWS4-HMAC-SHA256 Credential=${SCOPE},SignedHeaders=${signed},Signature=${signature}`;

const GET_OBJECT = {
  Host: 'examplebucket.s3.amazonaws.com',
  Range: 'bytes=0-9',
  'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'x-amz-date': '20130524T000000Z',
  Authorization: auth('host;range;x-amz-content-sha256;x-amz-date', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'),
};

describe('Signature V4 in the Authorization header', () => {
  it('GET Object with a Range', () => {
    expect(verifySignature(request('GET', '/test.txt', GET_OBJECT), secretFor, NOW).accessKeyId).toBe(AKID);
  });

  it('PUT Object, with a "$" in the key and a signed payload', () => {
    const req = request('PUT', '/test%24file.text', {
      Host: 'examplebucket.s3.amazonaws.com',
      Date: 'Fri, 24 May 2013 00:00:00 GMT',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'x-amz-content-sha256': sha256Hex('Welcome to Amazon S3.'),
      Authorization: auth('date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class', '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd'),
    });
    expect(verifySignature(req, secretFor, NOW).payload).toEqual({ kind: 'sha256', hex: sha256Hex('Welcome to Amazon S3.') });
  });

  it('GET Bucket (list objects) with a query string', () => {
    const req = request('GET', '/?max-keys=2&prefix=J', {
      Host: 'examplebucket.s3.amazonaws.com',
      'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'x-amz-date': '20130524T000000Z',
      Authorization: auth('host;x-amz-content-sha256;x-amz-date', '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7'),
    });
    expect(verifySignature(req, secretFor, NOW).accessKeyId).toBe(AKID);
  });

  it('refuses a wrong secret, an unknown key and a stale date with the S3 codes', () => {
    const headers = GET_OBJECT;
    const codeOf = (f: () => unknown) => { try { f(); return 'none'; } catch (e) { return (e as S3Error).s3Code; } };
    expect(codeOf(() => verifySignature(request('GET', '/test.txt', headers), () => 'wrong', NOW))).toBe('SignatureDoesNotMatch');
    expect(codeOf(() => verifySignature(request('GET', '/test.txt', headers), () => undefined, NOW))).toBe('InvalidAccessKeyId');
    expect(codeOf(() => verifySignature(request('GET', '/test.txt', headers), secretFor, NOW + 3600_000))).toBe('RequestTimeTooSkewed');
    expect(codeOf(() => verifySignature(request('GET', '/test.txt', { ...headers, Range: 'bytes=0-10' }), secretFor, NOW))).toBe('SignatureDoesNotMatch');
  });
});

describe('Signature V4 in a presigned URL', () => {
  const url =
    '/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
    '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
    '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
  const req = request('GET', url, { Host: 'examplebucket.s3.amazonaws.com' });

  it('accepts the example within its 24 hours', () => {
    expect(verifySignature(req, secretFor, NOW + 3600_000).payload).toEqual({ kind: 'unsigned' });
  });

  it('refuses it once expired, with AccessDenied', () => {
    expect(() => verifySignature(req, secretFor, NOW + 86_401_000)).toThrow(/expired/);
  });
});

describe('a chunked upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', () => {
  const seed = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
  const signatures = [
    'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ];
  const body = (sigs: string[]) => Buffer.concat([
    Buffer.from(`10000;chunk-signature=${sigs[0]}\r\n`), Buffer.alloc(65536, 'a'), Buffer.from('\r\n'),
    Buffer.from(`400;chunk-signature=${sigs[1]}\r\n`), Buffer.alloc(1024, 'a'), Buffer.from('\r\n'),
    Buffer.from(`0;chunk-signature=${sigs[2]}\r\n\r\n`),
  ]);
  const req = request('PUT', '/examplebucket/chunkObject.txt', {
    Host: 's3.amazonaws.com',
    'x-amz-date': '20130524T000000Z',
    'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'Content-Encoding': 'aws-chunked',
    'x-amz-decoded-content-length': '66560',
    'Content-Length': '66824',
    Authorization: auth('content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class', seed),
  });

  async function decode(data: Buffer): Promise<Buffer> {
    const verified = verifySignature(req, secretFor, NOW);
    // Split the body in odd pieces, as a network would.
    async function* pieces() { for (let i = 0; i < data.length; i += 7777) yield data.subarray(i, i + 7777); }
    const out: Buffer[] = [];
    for await (const piece of decodeAwsChunked(pieces(), verified)) out.push(piece);
    return Buffer.concat(out);
  }

  it('verifies the seed and every chunk signature, and yields the 66,560 bytes', async () => {
    expect(body(signatures).length).toBe(66824);
    const data = await decode(body(signatures));
    expect(data.equals(Buffer.alloc(66560, 'a'))).toBe(true);
  });

  it('fails on a chunk whose signature does not chain', async () => {
    await expect(decode(body([signatures[0]!, signatures[0]!, signatures[2]!]))).rejects.toThrow(/chunk signature/);
  });
});
