/**
 * The JWT tool's state: the pasted token, where the keys come from, what is expected, and the
 * last verdict. Loaded when the tool is first opened; nothing of it is stored (a pasted token is a
 * secret, and stays in this tab's memory).
 */
import type { PlaygroundError } from '../errors/playground-error';
import type { ProtocolContext } from '../oauth/context';
import { decodeJwt } from '../oauth/jwt';
import { verifyJwt, type JwksCache, type JwtReport, type KeySource } from '../oauth/jwt-verify';
import { describe } from './protocol';

export interface JwtToolDeps {
  /** The request context the tool's requests (discovery, JWKS) go through: recorded in the log. */
  context: () => Promise<ProtocolContext>;
}

export type KeySourceKind = KeySource['kind'];

export class JwtTool {
  /** The JWT, as pasted. */
  token = $state('');
  source = $state<KeySourceKind>('issuer');
  issuer = $state('');
  jwksUri = $state('');
  jwk = $state('');
  expectedIssuer = $state('');
  expectedAudience = $state('');

  #report = $state.raw<{ token: string; report: JwtReport } | null>(null);
  #error = $state.raw<PlaygroundError | null>(null);
  #busy = $state(false);
  readonly #deps: JwtToolDeps;
  /** JWKS fetched while the tool is open, by URL: fetched again when a kid is not in it. */
  readonly #cache: JwksCache = new Map();

  constructor(deps: JwtToolDeps) {
    this.#deps = deps;
  }

  /** The pasted token's header and claims, or null when it is not a JWT. */
  decoded = $derived(decodeJwt(this.token.trim()));

  /** The verdict on the token as it is now (none once the token is edited). */
  get report(): JwtReport | null {
    return this.#report && this.#report.token === this.token ? this.#report.report : null;
  }
  get error(): PlaygroundError | null {
    return this.#error;
  }
  get busy(): boolean {
    return this.#busy;
  }

  /** Puts `token` in the tool, with `defaults` for the fields still empty. */
  open(token: string, defaults: { issuer?: string; audience?: string } = {}): void {
    if (token) this.token = token;
    const iss = this.decoded?.claims.iss;
    if (!this.issuer) this.issuer = defaults.issuer || (typeof iss === 'string' ? iss : '');
    if (defaults.audience !== undefined && token) this.expectedAudience = defaults.audience;
    this.#error = null;
  }

  /** `Verify`: checks the token against the chosen keys and expectations. */
  async verify(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    this.#error = null;
    const token = this.token;
    const source: KeySource = this.source === 'issuer' ? { kind: 'issuer', issuer: this.issuer } : this.source === 'jwks_uri' ? { kind: 'jwks_uri', url: this.jwksUri } : { kind: 'jwk', text: this.jwk };
    try {
      const report = await verifyJwt(token, source, { issuer: this.expectedIssuer, audience: this.expectedAudience }, await this.#deps.context(), this.#cache);
      this.#report = { token, report };
    } catch (error) {
      this.#report = null;
      this.#error = await describe(error, 'JWT verification');
    } finally {
      this.#busy = false;
    }
  }
}
