/**
 * PROPFIND (RFC 4918 §9.1): named properties, allprop (with include) or propname, of a resource
 * and, with Depth 1, its members. Depth infinity is refused with 403 propfind-finite-depth unless
 * the configuration allows it for trees up to a given size.
 */
import type { FastifyReply } from 'fastify';
import { InvalidInputError } from '../../core/errors.js';
import type { DeadProperty } from '../../meta/index.js';
import type { PoolQuota } from '../../pool/index.js';
import type { DavContext, DavRequest } from './context.js';
import { DavError } from './errors.js';
import { headerOf, parseDepth } from './headers.js';
import { ALLPROP_EXCLUDED, LIVE_PROPERTIES, type PropScope } from './live-props.js';
import { propResponse, sendMultistatus } from './multistatus.js';
import { readXmlBody } from './request-body.js';
import { membersOf, resourceAt, type Resource } from './resource.js';
import { hrefOf } from './resource-path.js';
import { childElements, DAV_NS, davChild, isDav, type XmlElement } from './xml-parse.js';
import { dav, element } from './xml-write.js';

interface PropName {
  ns: string;
  local: string;
}

type PropRequest = { kind: 'prop'; names: PropName[] } | { kind: 'allprop'; include: PropName[] } | { kind: 'propname' };

export async function handlePropfind(ctx: DavContext, req: DavRequest, reply: FastifyReply): Promise<FastifyReply> {
  const depth = parseDepth(headerOf(req.raw, 'depth'), 'infinity');
  const asked = parsePropfind(await readXmlBody(req.raw, ctx.limits.xmlBodyLimitBytes));
  const resource = resourceAt(ctx, req.target, req.actor);
  const scope = await propScope(ctx, req);
  const describe = (r: Resource): string => propResponse(hrefOf(r.target, r.isCollection), propsOf(ctx, r, asked, scope));
  // Everything that can fail is done before the 207 goes out: the resource itself, and the whole
  // (bounded) tree for Depth infinity. Members at Depth 1 are described as the answer is sent.
  const first = describe(resource);
  if (depth === 0 || !resource.isCollection) return sendMultistatus(reply, [first]);
  if (depth === 'infinity') return sendMultistatus(reply, [first, ...wholeTree(ctx, req, resource).map(describe)]);
  return sendMultistatus(reply, withMembers(first, membersOf(ctx, resource, req.actor), describe));
}

function* withMembers(first: string, members: Iterable<Resource>, describe: (r: Resource) => string): Generator<string> {
  yield first;
  for (const member of members) yield describe(member);
}

export function parsePropfind(body: XmlElement | undefined): PropRequest {
  if (!body) return { kind: 'allprop', include: [] };
  if (!isDav(body, 'propfind')) throw new InvalidInputError('the body of a PROPFIND must be a DAV:propfind');
  const prop = davChild(body, 'prop');
  if (prop) return { kind: 'prop', names: childElements(prop).map(nameOf) };
  if (davChild(body, 'propname')) return { kind: 'propname' };
  if (davChild(body, 'allprop')) {
    const include = davChild(body, 'include');
    return { kind: 'allprop', include: include ? childElements(include).map(nameOf) : [] };
  }
  throw new InvalidInputError('a DAV:propfind needs prop, allprop or propname');
}

const nameOf = (e: XmlElement): PropName => ({ ns: e.ns, local: e.local });

/** Depth infinity, where allowed: every member of the tree, up to the configured number. */
function wholeTree(ctx: DavContext, req: DavRequest, root: Resource): Resource[] {
  const max = ctx.limits.infiniteDepthMaxEntries;
  if (max === 0) throw finiteDepthOnly();
  const out: Resource[] = [];
  const visit = (parent: Resource): void => {
    for (const member of membersOf(ctx, parent, req.actor)) {
      out.push(member);
      if (out.length > max) throw finiteDepthOnly();
      if (member.isCollection) visit(member);
    }
  };
  visit(root);
  return out;
}

function finiteDepthOnly(): DavError {
  return new DavError(403, 'PROPFIND with Depth: infinity is not allowed here; use Depth 1', { condition: dav('propfind-finite-depth'), code: 'E_FORBIDDEN' });
}

async function propScope(ctx: DavContext, req: DavRequest): Promise<PropScope> {
  const free = await ctx.diskFreeBytes();
  const cache = new Map<string, PoolQuota>();
  return {
    locks: ctx.locks,
    quotaOf(pool) {
      let quota = cache.get(pool);
      if (!quota) {
        const figures = ctx.pools.pools.quota(pool, req.actor);
        quota = { usedBytes: figures.usedBytes, availableBytes: Math.min(figures.availableBytes ?? free, free) };
        cache.set(pool, quota);
      }
      return quota;
    },
  };
}

function propsOf(ctx: DavContext, r: Resource, asked: PropRequest, scope: PropScope): Map<number, string[]> {
  const found: string[] = [];
  const missing: string[] = [];
  const dead = r.entry ? ctx.pools.properties.list(r.entry) : [];
  const liveValue = (local: string): string | undefined => LIVE_PROPERTIES[local]?.(r, scope);
  if (asked.kind === 'propname') {
    for (const local of Object.keys(LIVE_PROPERTIES)) if (liveValue(local) !== undefined) found.push(element(DAV_NS, local));
    for (const p of dead) found.push(element(p.namespace, p.name));
    return new Map([[200, found]]);
  }
  const names = asked.kind === 'prop' ? asked.names : allpropNames(dead, asked.include);
  for (const { ns, local } of names) {
    const value = ns === DAV_NS && local in LIVE_PROPERTIES ? liveValue(local) : dead.find((p) => p.namespace === ns && p.name === local)?.value;
    if (value !== undefined) found.push(element(ns, local, value));
    else if (asked.kind === 'prop') missing.push(element(ns, local));
  }
  return new Map([[200, found], [404, missing]]);
}

/** §9.1: allprop means the live properties this server defines for it, every dead one, and what `include` adds. */
function allpropNames(dead: readonly DeadProperty[], include: readonly PropName[]): PropName[] {
  const names = [
    ...Object.keys(LIVE_PROPERTIES).filter((l) => !ALLPROP_EXCLUDED.has(l)).map((local) => ({ ns: DAV_NS, local })),
    ...dead.map((p) => ({ ns: p.namespace, local: p.name })),
  ];
  const known = new Set(names.map((n) => `{${n.ns}}${n.local}`));
  return [...names, ...include.filter((n) => !known.has(`{${n.ns}}${n.local}`))];
}
