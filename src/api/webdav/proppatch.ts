/**
 * PROPPATCH (RFC 4918 §9.2): sets and removes dead properties in document order, all or nothing.
 * Live properties are protected: trying to change one fails the whole request, with 403 for it
 * and 424 Failed Dependency for the rest (§9.2.1).
 */
import type { FastifyReply } from 'fastify';
import { ForbiddenError, InvalidInputError } from '../../core/errors.js';
import type { PropertyChange } from '../../pool/index.js';
import type { DavContext, DavRequest } from './context.js';
import { requireLockTokens } from './lock-guard.js';
import { LIVE_PROPERTIES } from './live-props.js';
import { propResponse, sendMultistatus } from './multistatus.js';
import { readXmlBody } from './request-body.js';
import { resourceAt } from './resource.js';
import { hrefOf } from './resource-path.js';
import { childElements, DAV_NS, davChild, isDav, type XmlElement } from './xml-parse.js';
import { element, serializeNodes } from './xml-write.js';

export async function handleProppatch(ctx: DavContext, req: DavRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { pool, path } = req.target;
  if (pool === undefined) throw new ForbiddenError('the WebDAV root has no properties to change');
  const body = await readXmlBody(req.raw, ctx.limits.xmlBodyLimitBytes);
  const changes = parsePropertyUpdate(body);
  const resource = resourceAt(ctx, req.target, req.actor);
  requireLockTokens(ctx, req, { target: req.target });
  const names = changes.map((c) => ('set' in c ? element(c.set.namespace, c.set.name) : element(c.remove.namespace, c.remove.name)));
  const href = hrefOf(req.target, resource.isCollection);
  const isProtected = (c: PropertyChange): boolean => {
    const { namespace, name } = 'set' in c ? c.set : c.remove;
    return namespace === DAV_NS && name in LIVE_PROPERTIES;
  };
  if (changes.some(isProtected)) {
    const refused = names.filter((_, i) => isProtected(changes[i]!));
    const others = names.filter((_, i) => !isProtected(changes[i]!));
    return sendMultistatus(reply, [propResponse(href, new Map([[403, refused], [424, others]]))]);
  }
  await ctx.pools.properties.patch(pool, path, changes, req.actor);
  return sendMultistatus(reply, [propResponse(href, new Map([[200, names]]))]);
}

export function parsePropertyUpdate(body: XmlElement | undefined): PropertyChange[] {
  if (!body || !isDav(body, 'propertyupdate')) throw new InvalidInputError('the body of a PROPPATCH must be a DAV:propertyupdate');
  const changes: PropertyChange[] = [];
  for (const instruction of childElements(body)) {
    const prop = davChild(instruction, 'prop');
    const props = prop ? childElements(prop) : [];
    if (isDav(instruction, 'set')) {
      for (const p of props) changes.push({ set: { namespace: p.ns, name: p.local, value: serializeNodes(p.children) } });
    } else if (isDav(instruction, 'remove')) {
      for (const p of props) changes.push({ remove: { namespace: p.ns, name: p.local } });
    }
  }
  if (changes.length === 0) throw new InvalidInputError('a DAV:propertyupdate needs at least one set or remove');
  return changes;
}
