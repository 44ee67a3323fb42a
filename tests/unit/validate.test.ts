import { describe, expect, it } from 'vitest';
import { requireText, requireUrl } from '../../src/lib/oauth/validate';
import { PlaygroundError } from '../../src/lib/errors/playground-error';

function thrown(run: () => unknown): PlaygroundError {
  try {
    run();
  } catch (error) {
    if (error instanceof PlaygroundError) return error;
    throw error;
  }
  throw new Error('expected a PlaygroundError');
}

describe('requireUrl', () => {
  it('returns the trimmed URL for https and http', () => {
    expect(requireUrl('  https://auth.example.com/token?x=1 ', 'Token URL').href).toBe('https://auth.example.com/token?x=1');
    expect(requireUrl('http://127.0.0.1:9090/token', 'Token URL').href).toBe('http://127.0.0.1:9090/token');
  });

  it('an empty or blank value is missing_field naming the label', () => {
    const error = thrown(() => requireUrl('  ', 'Request URL'));
    expect(error).toMatchObject({ kind: 'input', code: 'missing_field', message: 'Request URL is empty.', hint: 'Enter the Request URL.' });
  });

  it('an unparseable value is invalid_url quoting the value', () => {
    const error = thrown(() => requireUrl('auth.example.com/token', 'Token URL'));
    expect(error).toMatchObject({ kind: 'input', code: 'invalid_url', message: 'Token URL “auth.example.com/token” is not a valid URL.' });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it.each(['ftp://files.example.com/x', 'javascript:alert(1)', 'file:///etc/passwd', 'data:text/plain,hi'])('%s is invalid_url', (value) => {
    const error = thrown(() => requireUrl(value, 'Token URL'));
    expect(error).toMatchObject({ kind: 'input', code: 'invalid_url', message: 'Token URL must start with https:// or http://.' });
  });
});

describe('requireText', () => {
  it('returns the trimmed text', () => {
    expect(requireText('  demo-cc ', 'Client ID')).toBe('demo-cc');
  });

  it('a blank value is missing_field with the default or the given hint', () => {
    expect(thrown(() => requireText('', 'Client ID'))).toMatchObject({ kind: 'input', code: 'missing_field', message: 'Client ID is empty.', hint: 'Enter the Client ID.' });
    expect(thrown(() => requireText(' \t', 'Client secret', 'Or choose none.')).hint).toBe('Or choose none.');
  });
});
