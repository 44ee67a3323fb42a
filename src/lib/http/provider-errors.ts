/**
 * Error shapes of real providers, recognised from what they send (the `error` code and the
 * `error_description` text), whichever preset is open: the same refusal reads very differently at
 * Microsoft Entra, Keycloak, Auth0, Okta, Amazon Cognito, Salesforce and GitHub. Each rule names
 * the provider and says what to change there. Plain data; `refineOAuthError` asks it first.
 */

interface ProviderErrorRule {
  /** The `error` codes it applies to; any code when absent. */
  errors?: readonly string[];
  /** Matched against the `error_description` (or the code itself when the description is empty). */
  description: RegExp;
  text: string;
}

const RULES: readonly ProviderErrorRule[] = [
  // Microsoft Entra ID: AADSTS codes at the start of error_description
  { description: /AADSTS9002326/, text: 'Microsoft Entra (AADSTS9002326) redeems a code from a browser only for a “Single-page application” registration: add this page’s Redirect URI under the SPA platform (not Web) and use Client authentication none.' },
  { description: /AADSTS7000215/, text: 'Microsoft Entra (AADSTS7000215): the client secret is wrong. Use the secret’s Value (shown once, when it was created), not its Secret ID; an expired secret is refused the same way.' },
  { description: /AADSTS7000218/, text: 'Microsoft Entra (AADSTS7000218): this app registration is confidential (Web platform), so the token request must carry its client secret or a client assertion; for a public client register the Redirect URI as SPA.' },
  { description: /AADSTS1002012|AADSTS70011.*\.default|\/\.default/, text: 'Microsoft Entra: Client Credentials takes one resource’s “.default” scope (https://graph.microsoft.com/.default), not delegated scopes such as User.Read; the permissions come from the app’s API permissions, granted by an admin.' },
  { description: /AADSTS700016/, text: 'Microsoft Entra (AADSTS700016): no app with this Client ID in this tenant: check the Application (client) ID and the {{tenant}} in the URLs (a single-tenant app is not found under “common”).' },
  { description: /AADSTS65001/, text: 'Microsoft Entra (AADSTS65001): nobody consented to these permissions yet: sign in interactively once, or have an admin grant consent under API permissions.' },
  // Keycloak answers unauthorized_client for bad client credentials, not only for a grant not allowed
  { errors: ['unauthorized_client', 'invalid_client'], description: /^Invalid client( or Invalid client)? credentials$|^Invalid client secret$/i, text: 'Keycloak answers this for a wrong client secret or an unknown client, not only for a grant it does not allow: check the Client ID, and the secret on the client’s Credentials tab (Client authentication must be On for a secret).' },
  { errors: ['unauthorized_client'], description: /not enabled to retrieve service account/i, text: 'Keycloak: Client Credentials needs “Service accounts roles” turned on in the client’s Capability config.' },
  // Auth0
  { errors: ['access_denied'], description: /Service not enabled within domain/i, text: 'Auth0 does not know this audience: the audience parameter must be the Identifier of an API defined under Applications → APIs.' },
  { errors: ['access_denied', 'unauthorized_client'], description: /Client has not been granted scopes|not authorized to access resource server/i, text: 'Auth0: this application is not authorized for the API: authorize it under Applications → APIs → your API → Machine to Machine Applications, with the scopes it asks for.' },
  // Okta
  { description: /authorization server id is invalid/i, text: 'Okta: the path after /oauth2/ names the authorization server (“default” or its id, under Security → API); the org server (/oauth2/v1) issues no tokens for your own APIs.' },
  { errors: ['access_denied'], description: /Policy evaluation failed/i, text: 'Okta: no access policy rule of this authorization server allows this client, grant type and scope: add one under Security → API → your server → Access Policies.' },
  // Amazon Cognito
  { errors: ['invalid_client'], description: /^Client (does not exist|secret must be|not found)/i, text: 'Amazon Cognito: an app client with a secret is authenticated with client_secret_basic at your domain’s /oauth2/token; a client without a secret must send none. Check the app client id of this user pool.' },
  // Salesforce
  { errors: ['invalid_client_id', 'invalid_client'], description: /client identifier invalid|invalid client credentials/i, text: 'Salesforce: the Consumer Key or Secret is wrong, or the connected app is not ready yet (new connected apps take up to 10 minutes).' },
  { errors: ['invalid_grant'], description: /^authentication failure$/i, text: 'Salesforce: check the connected app’s OAuth policies: Client Credentials needs “Enable Client Credentials Flow” with a Run As user, and IP restrictions may refuse this network.' },
  { errors: ['unsupported_grant_type'], description: /grant type not supported/i, text: 'Salesforce: enable this flow on the connected app (for Client Credentials: “Enable Client Credentials Flow”), and use your My Domain URL for it, not login.salesforce.com.' },
  // GitHub answers HTTP 200 with an error body, and its own codes
  { errors: ['incorrect_client_credentials'], description: /./, text: 'GitHub: the client_id or client_secret is wrong (GitHub says so with HTTP 200): generate a new client secret under your OAuth app if in doubt.' },
  { errors: ['bad_verification_code'], description: /./, text: 'GitHub: the code is wrong or expired (codes live 10 minutes and work once): run Get token again.' },
];

/** The provider-specific meaning of `error` with `description`, when a known provider's shape matches. */
export function providerErrorMeaning(error: string, description: string | undefined): string | undefined {
  const text = description ?? error;
  return RULES.find((rule) => (!rule.errors || rule.errors.includes(error)) && rule.description.test(text))?.text;
}
