/**
 * The If request header (RFC 4918 §10.4): lists of conditions on state tokens (lock tokens) and
 * entity tags, optionally tagged with the resource they apply to.
 *
 *   If = 1*No-tag-list | 1*Tagged-list          Tagged-list = Resource-Tag 1*List
 *   List = "(" 1*Condition ")"                   Condition = ["Not"] (State-token | "[" entity-tag "]")
 *
 * The header holds if any one list holds (§10.4.3); a list holds if all its conditions do.
 */
import { InvalidInputError } from '../../core/errors.js';

export interface IfCondition {
  not: boolean;
  /** A state token (a Coded-URL without its angle brackets), or an entity tag as sent (with quotes). */
  token?: string;
  etag?: string;
}

export interface IfList {
  /** The Resource-Tag this list is about; undefined: the Request-URI. */
  resource: string | undefined;
  conditions: IfCondition[];
}

class IfScanner {
  private at = 0;

  constructor(private readonly text: string) {}

  peek(): string | undefined {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
    return this.text[this.at];
  }

  expect(char: string): void {
    if (this.peek() !== char) this.fail(`expected "${char}"`);
    this.at++;
  }

  /** Everything up to `close`, which is consumed. */
  until(close: string): string {
    const end = this.text.indexOf(close, this.at);
    if (end < 0) this.fail(`missing "${close}"`);
    const value = this.text.slice(this.at, end);
    this.at = end + 1;
    return value;
  }

  keyword(word: string): boolean {
    if (this.text.slice(this.at, this.at + word.length).toLowerCase() !== word.toLowerCase()) return false;
    this.at += word.length;
    return true;
  }

  fail(what: string): never {
    throw new InvalidInputError(`invalid If header at character ${this.at + 1}: ${what}`);
  }
}

export function parseIfHeader(header: string): IfList[] {
  const scan = new IfScanner(header);
  const lists: IfList[] = [];
  let resource: string | undefined;
  let tagged: boolean | undefined;
  while (scan.peek() !== undefined) {
    if (scan.peek() === '<') {
      if (tagged === false) scan.fail('a resource tag after untagged lists');
      tagged = true;
      scan.expect('<');
      resource = scan.until('>');
      if (scan.peek() !== '(') scan.fail('a resource tag without a list');
      continue;
    }
    if (tagged === undefined) tagged = false;
    lists.push({ resource, conditions: parseList(scan) });
  }
  if (lists.length === 0) scan.fail('no condition list');
  return lists;
}

function parseList(scan: IfScanner): IfCondition[] {
  scan.expect('(');
  const conditions: IfCondition[] = [];
  while (scan.peek() !== ')') {
    if (scan.peek() === undefined) scan.fail('unclosed list');
    const not = scan.keyword('Not');
    const next = scan.peek();
    if (next === '<') {
      scan.expect('<');
      conditions.push({ not, token: scan.until('>') });
    } else if (next === '[') {
      scan.expect('[');
      conditions.push({ not, etag: scan.until(']').trim() });
    } else {
      scan.fail('expected a state token <…> or an entity tag […]');
    }
  }
  scan.expect(')');
  if (conditions.length === 0) scan.fail('empty list');
  return conditions;
}

/** Lock tokens the client submitted (§7.5: a token appearing in the If header, not negated). */
export function submittedTokens(lists: readonly IfList[]): Set<string> {
  return new Set(lists.flatMap((l) => l.conditions.filter((c) => !c.not && c.token !== undefined).map((c) => c.token!)));
}

export interface ResourceState {
  /** Strong entity tag with quotes; undefined when the resource does not exist or has none. */
  etag: string | undefined;
  /** Tokens of the locks that cover the resource. */
  lockTokens: ReadonlySet<string>;
}

/** §10.4.3: true if any list holds for the state of the resource it is about. */
export function evaluateIf(lists: readonly IfList[], stateOf: (resource: string | undefined) => ResourceState): boolean {
  return lists.some((list) => {
    const state = stateOf(list.resource);
    return list.conditions.every((c) => holds(c, state) !== c.not);
  });
}

function holds(condition: IfCondition, state: ResourceState): boolean {
  if (condition.token !== undefined) return state.lockTokens.has(condition.token);
  // Entity tags compare strongly (§10.4.4): a weak tag never matches.
  return state.etag !== undefined && condition.etag === state.etag;
}
