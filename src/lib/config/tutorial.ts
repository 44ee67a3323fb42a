/**
 * Tutorial mode: the steps of a grant as data (who talks to whom, and why), and where a run stands,
 * read from the real exchanges in the exchange log. Nothing is simulated: a step is done when the
 * log holds the exchange that proves it.
 */
import type { GrantType } from './auth-config';
import type { Exchange } from '../http/exchange-record';

/** The four parties of the sequence diagram. */
export type Lane = 'browser' | 'app' | 'as' | 'api';

export const LANES: readonly { id: Lane; name: string }[] = [
  { id: 'browser', name: 'Browser' },
  { id: 'app', name: 'App' },
  { id: 'as', name: 'Authorization server' },
  { id: 'api', name: 'API' },
];

export interface TutorialStep {
  /** Stable name, sent in `step` events: `token-request`, `sign-in`… */
  id: string;
  title: string;
  /** A few words for the arrow in the sequence diagram. */
  short: string;
  /** One line on what happens and why. */
  explanation: string;
  /** What the user does to move on, when it is up to them. */
  action?: string;
  from: Lane;
  to: Lane;
}

export type StepStatus = 'done' | 'current' | 'failed' | 'todo';

export interface TutorialProgress {
  steps: readonly TutorialStep[];
  status: StepStatus[];
  /** Index of the step in progress; `steps.length` when every step is done. */
  current: number;
  /** The current step's id, or `done`. */
  currentId: string;
  /** The id of the exchange the latest run starts at; null before any run. */
  run: string | null;
}

const API_STEPS: TutorialStep[] = [
  { id: 'api-request', short: 'GET /api · Bearer token', action: 'Click Send.', title: 'Call the API with the token', explanation: 'Send sends the test request with Authorization: Bearer <access token>.', from: 'app', to: 'api' },
  { id: 'api-response', short: 'JSON response', title: 'The API answers', explanation: 'The API checks the token (signature, expiry, audience, scope) and answers; 401 means it refused the token.', from: 'api', to: 'app' },
];

const CLIENT_CREDENTIALS: TutorialStep[] = [
  { id: 'token-request', short: 'POST /token (client_credentials)', action: 'Click Get token.', title: 'Ask for a token', explanation: 'The app posts grant_type=client_credentials to the token endpoint, authenticating with its client ID and secret.', from: 'app', to: 'as' },
  { id: 'token', short: 'access token', title: 'The server issues a token', explanation: 'The authorization server checks the client and returns an access token with its type, scope and lifetime.', from: 'as', to: 'app' },
  ...API_STEPS,
];

const AUTHORIZATION_CODE: TutorialStep[] = [
  { id: 'pkce', short: 'verifier → challenge', action: 'Click Get token.', title: 'Create the PKCE verifier and challenge', explanation: 'The app makes a random code_verifier, keeps it, and derives code_challenge = BASE64URL(SHA-256(verifier)), plus a random state.', from: 'app', to: 'app' },
  { id: 'authorize', short: 'GET /authorize + code_challenge', title: 'Send the browser to the authorization endpoint', explanation: 'The browser opens /authorize with client_id, redirect_uri, scope, state and code_challenge (in a popup, or by a full-page redirect).', from: 'browser', to: 'as' },
  { id: 'sign-in', short: 'sign in, approve', action: 'Sign in and approve at the authorization server.', title: 'The user signs in and approves', explanation: 'Only the authorization server sees the user’s password; the app never does.', from: 'browser', to: 'as' },
  { id: 'callback', short: 'redirect ?code&state', title: 'Redirect back with a code', explanation: 'The server sends the browser back to the redirect URI with a one-time code and the same state, which the app checks.', from: 'as', to: 'app' },
  { id: 'token-request', short: 'POST /token + code_verifier', title: 'Exchange the code for tokens', explanation: 'The app posts the code with its code_verifier: only the party that made the challenge can redeem the code.', from: 'app', to: 'as' },
  { id: 'token', short: 'access, ID, refresh token', title: 'The server issues tokens', explanation: 'The server checks the verifier against the challenge and returns the access token (and an ID token and refresh token when asked).', from: 'as', to: 'app' },
  ...API_STEPS,
];

const OTHER_GRANT: TutorialStep[] = [
  { id: 'token-request', short: 'POST /token', action: 'Click Get token.', title: 'Ask for a token', explanation: 'The app sends the grant to the token endpoint.', from: 'app', to: 'as' },
  { id: 'token', short: 'access token', title: 'The server issues a token', explanation: 'The authorization server checks the request and returns an access token.', from: 'as', to: 'app' },
  ...API_STEPS,
];

/** The steps of `grant`, in order. */
export function tutorialSteps(grant: GrantType): readonly TutorialStep[] {
  if (grant === 'client_credentials') return CLIENT_CREDENTIALS;
  if (grant === 'authorization_code') return AUTHORIZATION_CODE;
  return OTHER_GRANT;
}

/** What the log proves about a step: it happened, it went wrong, or nothing yet. */
type Evidence = 'yes' | 'failed' | 'no';

const answered = (exchange: Exchange | undefined): Evidence =>
  !exchange ? 'no' : !exchange.response ? 'failed' : exchange.response.status >= 200 && exchange.response.status < 400 ? 'yes' : 'failed';
const sent = (exchange: Exchange | undefined): Evidence => (!exchange ? 'no' : exchange.failure && !exchange.response ? 'failed' : 'yes');

/**
 * Where the latest run of `grant` stands, from `entries` (the exchange log, oldest first). The run
 * starts at the last token request (or, for Authorization Code, the last authorization request).
 * A step is done when its exchange, or a later step's, is in the log; the first step not done is
 * current (`failed` when its exchange failed).
 */
export function tutorialProgress(grant: GrantType, entries: readonly Exchange[]): TutorialProgress {
  const steps = tutorialSteps(grant);
  const isCode = grant === 'authorization_code';
  const starts = isCode ? ['Pushed authorization request', 'Authorization request', 'Authorization response'] : ['Token request'];
  let start = -1;
  for (let i = entries.length - 1; i >= 0 && start < 0; i--) if (starts.includes(entries[i]!.label)) start = i;
  const run = start < 0 ? [] : entries.slice(start);
  const navigation = run.find((entry) => entry.kind === 'navigation');
  const tokenAt = run.findIndex((entry) => entry.label === 'Token request');
  const token = tokenAt < 0 ? undefined : run[tokenAt];
  const test = tokenAt < 0 ? undefined : run.slice(tokenAt).find((entry) => entry.label.startsWith('Test request'));
  const evidence: Record<string, Evidence> = {
    pkce: run.length ? 'yes' : 'no',
    authorize: navigation ? 'yes' : 'no',
    'sign-in': navigation?.response || navigation?.label === 'Authorization response' ? 'yes' : 'no',
    callback: navigation?.response || navigation?.label === 'Authorization response' ? 'yes' : 'no',
    'token-request': sent(token),
    token: answered(token),
    'api-request': sent(test),
    'api-response': answered(test),
  };
  const proven = steps.map((step) => evidence[step.id]);
  const done = steps.map((_, i) => proven.slice(i).includes('yes') && proven[i] !== 'failed');
  const firstOpen = done.indexOf(false);
  const current = firstOpen < 0 ? steps.length : firstOpen;
  const status = steps.map((_, i): StepStatus => (i < current ? 'done' : i > current ? 'todo' : proven[i] === 'failed' ? 'failed' : 'current'));
  return { steps, status, current, currentId: steps[current]?.id ?? 'done', run: run[0]?.id ?? null };
}
