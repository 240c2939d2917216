import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../core/log.js';
import { installRequestLog } from './request-log.js';

/** A logger at `warn` (as a quiet node runs) that keeps its lines. */
function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ level: 'warn', destination }), lines };
}

describe('installRequestLog', () => {
  it('logs method, full URL, status and duration, but no header, even on a node logging only warnings', async () => {
    const { log, lines } = capturingLogger();
    const app = Fastify();
    installRequestLog(app, log);
    app.get('/api/v1/things/:name', async (_req, reply) => reply.code(404).send({ error: 'none' }));
    await app.inject({ method: 'GET', url: '/api/v1/things/a%20b?size=256&x=1', headers: { authorization: 'Bearer secret-token', cookie: 'kith_session=secret-cookie' } });
    await app.close();
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ component: 'requests', method: 'GET', url: '/api/v1/things/a%20b?size=256&x=1', status: 404, msg: 'request' });
    expect(typeof entry.ms).toBe('number');
    expect(lines[0]).not.toMatch(/secret-token|secret-cookie|authorization|cookie/i);
  });
});
