/**
 * Issue 15 item 7: the explainer knows real providers' error shapes. Each body is the shape the
 * provider documents (or sends: Keycloak's unauthorized_client for a bad secret, GitHub's HTTP 200
 * with an error), and the explanation names the provider and what to change there.
 */
import { describe, expect, it } from 'vitest';
import { explainResponse } from '../../src/lib/http/explain-response';
import { providerErrorMeaning } from '../../src/lib/http/provider-errors';

const json = (status: number, body: object) => ({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body), wwwAuthenticate: undefined });

describe('providerErrorMeaning', () => {
  it.each([
    ['invalid_request', "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: 'http://127.0.0.1:4173'.", /Microsoft Entra \(AADSTS9002326\).*SPA platform/],
    ['invalid_client', "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.", /secret’s Value/],
    ['invalid_client', "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", /confidential \(Web platform\)/],
    ['invalid_scope', 'AADSTS1002012: The provided value for scope User.Read is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).', /“\.default” scope/],
    ['unauthorized_client', "AADSTS700016: Application with identifier 'abc' was not found in the directory 'contoso'.", /no app with this Client ID in this tenant/],
    ['unauthorized_client', 'Invalid client or Invalid client credentials', /Keycloak answers this for a wrong client secret/],
    ['unauthorized_client', 'Client not enabled to retrieve service account', /Service accounts roles/],
    ['access_denied', 'Service not enabled within domain: https://api.example.com', /Auth0 does not know this audience/],
    ['access_denied', 'Client has not been granted scopes: read:users', /Machine to Machine Applications/],
    ['invalid_request', 'The authorization server id is invalid.', /Okta: the path after \/oauth2\//],
    ['access_denied', 'Policy evaluation failed for this request, please check the policy configurations.', /Okta: no access policy rule/],
    ['invalid_client', 'Client does not exist', /Amazon Cognito/],
    ['invalid_client_id', 'client identifier invalid', /Salesforce: the Consumer Key or Secret/],
    ['invalid_grant', 'authentication failure', /Run As user/],
    ['unsupported_grant_type', 'grant type not supported', /Enable Client Credentials Flow/],
    ['incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.', /GitHub: the client_id or client_secret is wrong/],
    ['bad_verification_code', 'The code passed is incorrect or expired.', /codes live 10 minutes/],
  ])('%s “%s”', (error, description, expected) => {
    expect(providerErrorMeaning(error, description)).toMatch(expected);
  });

  it('says nothing of a provider for a plain RFC 6749 error', () => {
    expect(providerErrorMeaning('invalid_client', 'client authentication failed')).toBeUndefined();
    expect(providerErrorMeaning('invalid_grant', 'grant request is invalid')).toBeUndefined();
    // the Keycloak shape is matched exactly, not any description with "invalid client" in it
    expect(providerErrorMeaning('unauthorized_client', 'client not allowed to use grant type client_credentials')).toBeUndefined();
  });
});

describe('the explanation shows what the server said, then the provider’s meaning', () => {
  it('Keycloak’s unauthorized_client for a bad secret is explained as a credentials problem', () => {
    const { code, text } = explainResponse(json(401, { error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' }));
    expect(code).toBe('unauthorized_client');
    expect(text).toMatch(/^The server answered HTTP 401 with an application\/json body: error “unauthorized_client”, error_description “Invalid client or Invalid client credentials”\. .* Keycloak answers this/);
  });

  it('an Entra SPA refusal says where to register the Redirect URI', () => {
    const { text } = explainResponse(json(400, { error: 'invalid_request', error_description: "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type." }));
    expect(text).toContain('SPA platform (not Web)');
  });
});
