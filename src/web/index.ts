/**
 * The browser side. For now: the first-run setup page and a landing page, served by the node with
 * a strict Content-Security-Policy (nothing is loaded from anywhere but the node itself).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HOME_HTML, SETUP_HTML, SETUP_JS } from './setup-page.js';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export async function registerWebApp(app: FastifyInstance): Promise<void> {
  const page = (body: string, type: string) => async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .header('content-security-policy', CSP)
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer')
      .type(type)
      .send(body);
  app.get('/', { config: { auth: 'none' }, schema: { hide: true } }, page(HOME_HTML, 'text/html; charset=utf-8'));
  app.get('/setup', { config: { auth: 'none' }, schema: { hide: true } }, page(SETUP_HTML, 'text/html; charset=utf-8'));
  app.get('/setup.js', { config: { auth: 'none' }, schema: { hide: true } }, page(SETUP_JS, 'text/javascript; charset=utf-8'));
}
