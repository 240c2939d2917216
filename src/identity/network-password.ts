/**
 * Joining a hidden network with its name and a password, by OPAQUE (RFC 9807, an augmented PAKE,
 * through @serenity-kit/opaque). The admin registers the password once; gateways keep the
 * registration, never the password. A joiner and a gateway then run OPAQUE's login: it succeeds
 * only if the joiner knows the password and the gateway holds the admin's registration, and
 * nothing that crosses the wire lets an eavesdropper or a fake gateway test guesses offline. Each
 * online guess costs the guesser one login, which gateways limit.
 *
 * The session key both sides end with is bound to the two node ids (joinProof), so a node that
 * relays a joiner's messages to a gateway cannot get itself admitted with them.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NetworkPassword } from './network.js';

type Opaque = typeof import('@serenity-kit/opaque');

/** Argon2id with 64 MiB: what a Raspberry Pi can afford once per join, and guessers cannot cheaply. */
const KEY_STRETCHING = 'memory-constrained';

let loaded: Promise<Opaque> | undefined;

/** The library is loaded on first use: most nodes never run it, and it should not cost them memory. */
function opaque(): Promise<Opaque> {
  loaded ??= import('@serenity-kit/opaque').then(async (library) => {
    await library.ready;
    return library;
  });
  return loaded;
}

/** Registers a password for a network (on the admin's node; the password goes no further). */
export async function registerNetworkPassword(password: string, networkId: string): Promise<NetworkPassword> {
  const { client, server } = await opaque();
  const setup = server.createSetup();
  const { clientRegistrationState, registrationRequest } = client.startRegistration({ password });
  const { registrationResponse } = server.createRegistrationResponse({ serverSetup: setup, userIdentifier: networkId, registrationRequest });
  const { registrationRecord } = client.finishRegistration({ clientRegistrationState, registrationResponse, password, keyStretching: KEY_STRETCHING });
  return { issuedAt: Date.now(), setup, registration: registrationRecord };
}

/** The joiner's side of the login. */
export class PasswordLoginClient {
  private constructor(
    private readonly library: Opaque,
    private readonly password: string,
    private readonly state: string,
    readonly request: string,
  ) {}

  static async start(password: string): Promise<PasswordLoginClient> {
    const library = await opaque();
    const { clientLoginState, startLoginRequest } = library.client.startLogin({ password });
    return new PasswordLoginClient(library, password, clientLoginState, startLoginRequest);
  }

  /** The message that completes the login and the session key; undefined if the gateway did not know this password. */
  finish(loginResponse: string): { finishRequest: string; sessionKey: string } | undefined {
    try {
      const result = this.library.client.finishLogin({ clientLoginState: this.state, loginResponse, password: this.password, keyStretching: KEY_STRETCHING });
      return result === undefined ? undefined : { finishRequest: result.finishLoginRequest, sessionKey: result.sessionKey };
    } catch {
      return undefined;
    }
  }
}

/** The gateway's side of the login. */
export class PasswordLoginServer {
  private constructor(
    private readonly library: Opaque,
    private readonly state: string,
    readonly response: string,
  ) {}

  /**
   * Answers a login request. Without a registration (no password set, or the joiner named another
   * network) the answer is a fake one that looks the same, so a stranger cannot learn a hidden
   * network's name by asking.
   */
  static async start(registered: { password: NetworkPassword; networkId: string } | undefined, claimedName: string, request: string): Promise<PasswordLoginServer> {
    const library = await opaque();
    const { serverLoginState, loginResponse } = library.server.startLogin({
      serverSetup: registered?.password.setup ?? (await decoySetup()),
      registrationRecord: registered?.password.registration ?? null,
      startLoginRequest: request,
      userIdentifier: registered?.networkId ?? claimedName,
    });
    return new PasswordLoginServer(library, serverLoginState, loginResponse);
  }

  /** The session key, or undefined if the joiner did not know the password. */
  finish(finishRequest: string): string | undefined {
    try {
      return this.library.server.finishLogin({ serverLoginState: this.state, finishLoginRequest: finishRequest }).sessionKey;
    } catch {
      return undefined;
    }
  }
}

let decoy: string | undefined;

async function decoySetup(): Promise<string> {
  decoy ??= (await opaque()).server.createSetup();
  return decoy;
}

/** Proof that the holder of the session key asks admission for `joiner` from `gateway`. */
export function joinProof(sessionKey: string, joiner: string, gateway: string): string {
  return createHmac('sha256', Buffer.from(sessionKey, 'base64url')).update(`kith join-password/1 ${joiner} ${gateway}`).digest('base64url');
}

export function isJoinProof(proof: string, sessionKey: string, joiner: string, gateway: string): boolean {
  const expected = Buffer.from(joinProof(sessionKey, joiner, gateway));
  const given = Buffer.from(proof);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
