import { describe, expect, it } from 'vitest';
import { emptyAuthConfig } from '../../src/lib/config/auth-config';
import { hasReferences, previewText, referencedNames, resolveConfig, resolveText, secretVariableValues, type Variable } from '../../src/lib/config/variables';
import { PlaygroundError } from '../../src/lib/errors/playground-error';

const vars: Variable[] = [
  { name: 'tenant', value: 'contoso', secret: false },
  { name: 'base_url', value: 'http://127.0.0.1:9090', secret: false },
  { name: 'api.key', value: 'k-123456789012', secret: true },
];
const values = new Map(vars.map((v) => [v.name, v.value]));

describe('resolveText', () => {
  it('replaces each {{name}}, with or without inner spaces', () => {
    expect(resolveText('{{base_url}}/t/{{ tenant }}/x', values)).toBe('http://127.0.0.1:9090/t/contoso/x');
  });

  it('leaves text without references untouched and does not resolve values again', () => {
    expect(resolveText('plain { text }', values)).toBe('plain { text }');
    expect(resolveText('{{v}}', new Map([['v', '{{tenant}}']]))).toBe('{{tenant}}');
  });

  it('collects unknown names and leaves them in place', () => {
    const missing = new Set<string>();
    expect(resolveText('{{nope}}-{{tenant}}-{{}}', values, missing)).toBe('{{nope}}-contoso-{{}}');
    expect([...missing]).toEqual(['nope', '']);
  });
});

describe('resolveConfig', () => {
  it('resolves every string of a configuration, rows included, keys excepted', () => {
    const config = emptyAuthConfig();
    config.oauth2.tokenUrl = '{{base_url}}/token';
    config.oauth2.clientId = 'app-{{tenant}}';
    config.oauth2.extraHeaders = [{ key: 'X-Key', value: '{{api.key}}' }];
    const resolved = resolveConfig(config, vars, 'settings');
    expect(resolved.oauth2.tokenUrl).toBe('http://127.0.0.1:9090/token');
    expect(resolved.oauth2.clientId).toBe('app-contoso');
    expect(resolved.oauth2.extraHeaders).toEqual([{ key: 'X-Key', value: 'k-123456789012' }]);
    expect(config.oauth2.tokenUrl).toBe('{{base_url}}/token');
  });

  it('returns a copy that shares no object or array with the configuration (the form state is never changed through it)', () => {
    const config = emptyAuthConfig();
    config.oauth2.extraParams = [{ key: 'audience', value: 'api' }];
    const resolved = resolveConfig(config, vars, 'settings');
    expect(resolved).toEqual(config);
    expect(resolved.oauth2).not.toBe(config.oauth2);
    expect(resolved.oauth2.extraParams).not.toBe(config.oauth2.extraParams);
    expect(resolved.oauth2.extraParams[0]).not.toBe(config.oauth2.extraParams[0]);
    resolved.oauth2.extraParams[0]!.value = 'changed';
    expect(config.oauth2.extraParams[0]!.value).toBe('api');
  });

  it('refuses an unknown variable with code unknown_variable naming each one', () => {
    const config = emptyAuthConfig();
    config.oauth2.tokenUrl = 'https://{{domain}}/oauth/token';
    config.oauth2.scope = '{{scope_x}} {{domain}}';
    let error: unknown;
    try {
      resolveConfig(config, vars, 'settings');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlaygroundError);
    expect((error as PlaygroundError).code).toBe('unknown_variable');
    expect((error as PlaygroundError).message).toBe('Unknown variables {{domain}}, {{scope_x}} in the settings; nothing was sent.');
  });
});

describe('helpers', () => {
  it('lists referenced names once, in order', () => {
    expect(referencedNames('{{a}} {{b}} {{a}}')).toEqual(['a', 'b']);
    expect(hasReferences('no braces')).toBe(false);
    expect(hasReferences('x {{a}}')).toBe(true);
  });

  it('previews with secret values masked and unknown names marked', () => {
    expect(previewText('{{base_url}}?k={{api.key}}&t={{nope}}', vars)).toBe('http://127.0.0.1:9090?k=••••••&t={{nope}} (unknown)');
  });

  it('gives the secret values for redaction', () => {
    expect(secretVariableValues(vars)).toEqual(['k-123456789012']);
  });
});
