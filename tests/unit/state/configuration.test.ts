import { describe, expect, it } from 'vitest';
import { otherHostNote, staleFields, sourceOf } from '../../../src/lib/config/provenance';
import { localDemoDefault } from '../../../src/lib/config/presets/local-demo';
import { Configuration } from '../../../src/lib/state/configuration.svelte';

const OTHER = 'http://127.0.0.1:9092';

function onDemoPreset(): Configuration {
  const config = new Configuration();
  config.loadPreset(localDemoDefault);
  return config;
}

describe('Configuration: where each provider value came from', () => {
  it('records a preset’s values as the preset’s, and a value typed over one as typed', async () => {
    const config = onDemoPreset();
    expect(config.sourceLabel('jwksUri')).toBe('from the preset “Local demo”');
    config.auth.oauth2.jwksUri = `${OTHER}/jwks`;
    expect(config.sourceLabel('jwksUri')).toBe('typed');
    expect(sourceOf(config.origins, 'tokenUrl', config.auth.oauth2.tokenUrl)).toMatchObject({ kind: 'preset', presetId: 'local-demo' });
  });

  it('a new Issuer clears every endpoint the preset filled and says which (symptom 1)', async () => {
    const config = onDemoPreset();
    config.auth.oauth2.issuer = OTHER;
    const cleared = await config.reconcile();
    expect(cleared).toEqual(expect.arrayContaining(['tokenUrl', 'jwksUri', 'userinfoUrl', 'revocationUrl', 'introspectionUrl', 'deviceAuthorizationUrl', 'parUrl', 'issParameterSupported']));
    expect(config.auth.oauth2.jwksUri).toBe('');
    expect(config.auth.oauth2.issParameterSupported).toBe(false);
    expect(config.auth.oauth2.issuer).toBe(OTHER); // typed: kept
    expect(config.providerNote).toContain('JWKS URI');
    expect(config.providerNote).toContain('the preset “Local demo”');
    // the preset no longer describes the settings (its description goes, symptom 10)
    expect(config.auth.presetId).toBeNull();
    // the client is the person's to change
    expect(config.auth.oauth2.clientId).toBe('demo-cc');
  });

  it('a Token URL on another origin clears the preset’s issuer and endpoints, keeps what was typed', async () => {
    const config = onDemoPreset();
    config.auth.oauth2.userinfoUrl = `${OTHER}/me`; // typed
    config.auth.oauth2.tokenUrl = `${OTHER}/token`;
    const cleared = await config.reconcile();
    expect(cleared).toContain('issuer');
    expect(config.auth.oauth2.issuer).toBe('');
    expect(config.auth.oauth2.userinfoUrl).toBe(`${OTHER}/me`);
    expect(config.auth.oauth2.tokenUrl).toBe(`${OTHER}/token`);
  });

  it('the same provider changes nothing: another path, a trailing slash, an emptied field', async () => {
    const config = onDemoPreset();
    config.auth.oauth2.tokenUrl = 'http://127.0.0.1:9090/oauth/token';
    config.auth.oauth2.issuer = 'http://127.0.0.1:9090/';
    expect(await config.reconcile()).toEqual([]);
    config.auth.oauth2.issuer = '';
    expect(await config.reconcile()).toEqual([]);
    expect(config.auth.oauth2.jwksUri).toBe('http://127.0.0.1:9090/jwks');
  });

  it('the preset’s Request URL is flagged, not cleared, once the provider changed', async () => {
    const config = onDemoPreset();
    expect(config.testUrlNote).toBeNull();
    config.auth.oauth2.issuer = OTHER;
    await config.reconcile();
    expect(config.testRequest.url).toBe('http://127.0.0.1:9090/api/me');
    expect(config.testUrlNote).toContain('127.0.0.1:9090');
  });

  it('discovered values belong to their issuer: cleared when the Issuer moves on, not flagged while it stays', async () => {
    const config = new Configuration();
    config.auth.oauth2.issuer = OTHER;
    config.applyDiscovered({ tokenUrl: `${OTHER}/token`, jwksUri: 'https://keys.example.net/jwks' }, OTHER);
    expect(config.sourceLabel('jwksUri')).toBe(`discovered from ${OTHER}`);
    expect(config.hostNotes.jwksUri).toBeUndefined();
    config.auth.oauth2.issuer = 'https://login.example.com';
    expect(await config.reconcile()).toEqual(expect.arrayContaining(['tokenUrl', 'jwksUri']));
  });

  it('on demand, only empty endpoints are filled', async () => {
    const config = new Configuration();
    config.auth.oauth2.issuer = OTHER;
    config.auth.oauth2.userinfoUrl = `${OTHER}/typed-me`;
    const filled = config.applyDiscovered({ userinfoUrl: `${OTHER}/me`, jwksUri: `${OTHER}/jwks` }, OTHER, { onlyEmpty: true });
    expect(filled).toEqual(['jwksUri']);
    expect(config.auth.oauth2.userinfoUrl).toBe(`${OTHER}/typed-me`);
  });

  it('a URL typed on another host than the Issuer’s is flagged next to its field', async () => {
    const config = new Configuration();
    config.auth.oauth2.issuer = OTHER;
    config.auth.oauth2.tokenUrl = 'http://127.0.0.1:9090/token';
    expect(config.hostNotes.tokenUrl).toContain('127.0.0.1:9090');
    expect(otherHostNote(config.origins, config.auth, config.testRequest, 'authorizationUrl')).toBeNull(); // empty
  });

  it('stale fields skip values the person changed since', async () => {
    const config = onDemoPreset();
    config.auth.oauth2.revocationUrl = `${OTHER}/revoke`;
    config.auth.oauth2.issuer = OTHER;
    expect(staleFields(config.origins, config.auth, config.testRequest)).not.toContain('revocationUrl');
  });
});

describe('Configuration: unsaved changes', () => {
  it('is never dirty while unsaved; dirty after an edit of the saved version; clean after markSaved', async () => {
    const config = onDemoPreset();
    expect(config.dirty).toBe(false);
    config.markSaved();
    expect(config.dirty).toBe(true); // the form still holds the preset's secret, which saving removes
    config.auth.oauth2.clientSecret = '';
    config.markSaved();
    expect(config.dirty).toBe(false);
    config.auth.oauth2.scope = 'api:write';
    expect(config.dirty).toBe(true);
    config.auth.oauth2.scope = 'api:read';
    expect(config.dirty).toBe(false);
  });

  it('a secret typed over a saved credential is an unsaved change', async () => {
    const config = new Configuration();
    config.load({ auth: onDemoPreset().snapshot().auth, testRequest: onDemoPreset().snapshot().testRequest });
    config.auth.oauth2.clientSecret = '';
    config.markSaved();
    config.auth.oauth2.clientSecret = 'new-secret';
    expect(config.dirty).toBe(true);
  });

  it('a saved credential’s choices count as made: Discover may only suggest', async () => {
    const config = onDemoPreset();
    expect(config.choices.clientAuth).toBeUndefined();
    config.markSaved();
    expect(config.choices.clientAuth).toBe('saved');
    const fresh = new Configuration();
    fresh.markChosen('codeChallengeMethod');
    expect(fresh.choices.codeChallengeMethod).toBe('person');
  });
});

describe('Configuration: a value typed by the person is theirs', () => {
  it('even when it equals what the preset gave, it stays when the provider changes', async () => {
    const config = onDemoPreset();
    config.typed('jwksUri'); // retyped the same URL by hand
    config.auth.oauth2.issuer = OTHER;
    expect(await config.reconcile()).not.toContain('jwksUri');
    expect(config.auth.oauth2.jwksUri).toBe('http://127.0.0.1:9090/jwks');
    expect(config.hostNotes.jwksUri).toContain('127.0.0.1:9090'); // but flagged
  });
});
