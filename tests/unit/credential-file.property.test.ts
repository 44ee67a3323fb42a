// Property tests for the credential import decoders (an untrusted file, and the secrets decrypted
// from it). Any text is read into a file without secrets or refused with a PlaygroundError
// `invalid_import`, never another exception; a file the encoder wrote reads back as it was written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTH_TYPES, SENSITIVE_HEADER_NAMES, UNSTORED_FIELDS, emptyAuthConfig, rowsWithoutSecrets, type AuthConfig } from '../../src/lib/config/auth-config';
import { SECRET_ROW_GROUPS } from '../../src/lib/config/credential';
import {
  CREDENTIAL_FILE_FORMAT,
  CREDENTIAL_FILE_VERSION,
  encodeCredentialFile,
  parseCredentialFile,
  parseExportedSecrets,
  type CredentialFile,
} from '../../src/lib/config/credential-file';
import { parseAuthConfig, parseTestRequest } from '../../src/lib/config/schema';
import { PlaygroundError } from '../../src/lib/errors/playground-error';

/** Reads `text`, or the refusal's code: anything else than a PlaygroundError fails the test. */
function readOrRefusal(text: string): CredentialFile | { refused: string } {
  try {
    return parseCredentialFile(text);
  } catch (error) {
    if (!(error instanceof PlaygroundError)) throw new Error(`not a PlaygroundError: ${String(error)}`, { cause: error });
    return { refused: error.code };
  }
}

const secretOf = (auth: AuthConfig, group: string, field: string) => (auth[group as keyof AuthConfig] as unknown as Record<string, string>)[field];

/** Whatever was read carries no secret: no secret field, no credential header value, no secret variable value. */
function expectNoSecrets(file: CredentialFile): void {
  for (const credential of file.credentials) {
    for (const [group, field] of UNSTORED_FIELDS) expect(secretOf(credential.auth, group, field)).toBe('');
    for (const row of credential.testRequest.headers) if (SENSITIVE_HEADER_NAMES.has(row.key.trim().toLowerCase())) expect(row.value).toBe('');
  }
  for (const env of file.environments) for (const v of env.variables) if (v.secret) expect(v.value).toBe('');
}

/** Mostly `valid`, sometimes anything: enough files get past the first checks to test the rest. */
const mostly = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 9 }, { arbitrary: fc.anything(), weight: 1 });

const rows = fc.array(fc.record({ key: fc.oneof(fc.constantFrom('Authorization', 'X-API-Key', ' cookie ', 'Accept'), fc.string()), value: fc.string() }), { maxLength: 3 });
/** Credentials shaped like an export's, any part replaced by anything, secrets filled in. */
const credentialLike = fc.record(
  {
    id: mostly(fc.string()),
    name: mostly(fc.string({ minLength: 1 })),
    description: fc.oneof(fc.string(), fc.anything()),
    auth: mostly(
      fc.record(
        {
          authType: fc.oneof(fc.constantFrom(...AUTH_TYPES), fc.anything()),
          oauth2: fc.record({ clientId: fc.string(), clientSecret: fc.string(), password: fc.string(), privateKeyJwk: fc.string(), username: fc.string(), extraParams: rows }, { requiredKeys: [] }),
          apiKey: fc.record({ name: fc.string(), value: fc.string() }, { requiredKeys: [] }),
          basic: fc.record({ username: fc.string(), password: fc.string() }, { requiredKeys: [] }),
          bearer: fc.record({ token: fc.string() }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
    ),
    testRequest: fc.oneof(fc.record({ url: fc.string(), headers: rows, body: fc.string() }, { requiredKeys: [] }), fc.anything()),
  },
  { requiredKeys: [] },
);
const environmentLike = fc.record(
  {
    id: mostly(fc.string()),
    name: mostly(fc.string()),
    variables: mostly(fc.array(fc.oneof(fc.record({ name: fc.oneof(fc.stringMatching(/^[A-Za-z_][\w.-]{0,10}$/), fc.string()), value: fc.oneof(fc.string(), fc.anything()), secret: fc.oneof(fc.boolean(), fc.anything()) }), fc.anything()), { maxLength: 4 })),
  },
  { requiredKeys: ['id', 'name', 'variables'] },
);
const fileLike = fc.record(
  {
    format: mostly(fc.constant(CREDENTIAL_FILE_FORMAT)),
    version: mostly(fc.constant(CREDENTIAL_FILE_VERSION)),
    exportedAt: fc.anything(),
    credentials: mostly(fc.array(mostly(credentialLike), { maxLength: 4 })),
    environments: mostly(fc.array(mostly(environmentLike), { maxLength: 3 })),
    encryptedSecrets: mostly(
      fc.record({ kdf: fc.anything(), iterations: fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.double(), fc.anything()), salt: mostly(fc.string()), iv: fc.string(), data: fc.string() }, { requiredKeys: ['iterations', 'salt', 'iv', 'data'] }),
    ),
  },
  { requiredKeys: ['format', 'version', 'credentials'] },
);
const textLike = fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v)), { arbitrary: fileLike.map((file) => JSON.stringify(file) ?? ''), weight: 6 });

describe('parseCredentialFile on any input', () => {
  it('reads a file without secrets or refuses it with invalid_import, and never throws anything else', () => {
    let read = 0;
    fc.assert(
      fc.property(textLike, (text) => {
        const result = readOrRefusal(text);
        if ('refused' in result) return void expect(result.refused).toBe('invalid_import');
        read++;
        expect(result.format).toBe(CREDENTIAL_FILE_FORMAT);
        expect(typeof result.exportedAt).toBe('string');
        expectNoSecrets(result);
        for (const c of result.credentials) {
          expect(c.name.trim()).not.toBe('');
          expect(parseAuthConfig(JSON.parse(JSON.stringify(c.auth)))).toEqual(c.auth);
          expect(parseTestRequest(JSON.parse(JSON.stringify(c.testRequest)))).toEqual(c.testRequest);
        }
        if (result.encryptedSecrets) expect(Number.isInteger(result.encryptedSecrets.iterations)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // The generator must reach the success path too, or the property says little.
    expect(read).toBeGreaterThan(100);
  });
});

describe('encodeCredentialFile then parseCredentialFile', () => {
  const parsedAuth = fc.oneof(credentialLike.map((c) => parseAuthConfig(c.auth)), fc.constant(emptyAuthConfig()));
  const exported = fc.record({
    id: fc.string({ maxLength: 100 }),
    name: fc.string({ minLength: 1, maxLength: 200 }).filter((name) => name.trim() !== ''),
    description: fc.string({ maxLength: 2000 }),
    auth: parsedAuth,
    testRequest: fc.record({ url: fc.string(), headers: rows, body: fc.string() }).map(parseTestRequest),
  });
  const environment = fc.record({
    id: fc.string({ maxLength: 100 }),
    name: fc.string({ maxLength: 100 }),
    variables: fc.array(fc.record({ name: fc.stringMatching(/^[A-Za-z_][\w.-]{0,20}$/), value: fc.string(), secret: fc.boolean() }), { maxLength: 4 }),
  });

  it('reads back what was written, with secrets, secret-looking rows, credential headers and secret variable values left out', () => {
    fc.assert(
      fc.property(fc.array(exported, { maxLength: 4 }), fc.array(environment, { maxLength: 3 }), (credentials, environments) => {
        const file = parseCredentialFile(encodeCredentialFile({ exportedAt: '2026-01-01T00:00:00.000Z', credentials, environments }));
        expectNoSecrets(file);
        expect(file.credentials.map(({ auth: _, testRequest: __, ...rest }) => rest)).toEqual(credentials.map(({ auth: _, testRequest: __, ...rest }) => rest));
        file.credentials.forEach((c, i) => {
          const original = credentials[i]!;
          const keepSecretsOut = structuredClone(original.auth);
          for (const [group, field] of UNSTORED_FIELDS) (keepSecretsOut[group] as unknown as Record<string, string>)[field] = '';
          // secret-looking OAuth rows travel only encrypted too (issue 13, part 2)
          for (const group of SECRET_ROW_GROUPS) keepSecretsOut.oauth2[group] = rowsWithoutSecrets(keepSecretsOut.oauth2[group]);
          expect(c.auth).toEqual(keepSecretsOut);
          expect(c.testRequest.headers.map((row) => row.key)).toEqual(original.testRequest.headers.map((row) => row.key));
          expect({ ...c.testRequest, headers: [] }).toEqual({ ...original.testRequest, headers: [] });
        });
        expect(file.environments).toEqual(environments.map((env) => ({ ...env, variables: env.variables.map((v) => ({ ...v, value: v.secret ? '' : v.value })) })));
        expect(file.encryptedSecrets).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the encrypted secrets blob as it was given', () => {
    const blob = fc.record({ kdf: fc.constant('PBKDF2-SHA-256'), iterations: fc.integer({ min: 1, max: 10_000_000 }), salt: fc.string(), iv: fc.string(), data: fc.string() });
    fc.assert(
      fc.property(blob, (encryptedSecrets) => {
        expect(parseCredentialFile(encodeCredentialFile({ exportedAt: '', credentials: [], environments: [], encryptedSecrets })).encryptedSecrets).toEqual(encryptedSecrets);
      }),
    );
  });
});

describe('parseExportedSecrets on any input', () => {
  it('keeps only string values under ids, never throws, and gives back well-formed secrets unchanged', () => {
    const table = fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.string()));
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ credentials: fc.oneof(table, fc.anything()), variables: fc.oneof(table, fc.anything()) })), (value) => {
        const secrets = parseExportedSecrets(value);
        expect(Object.keys(secrets).sort()).toEqual(['credentials', 'variables']);
        for (const group of [secrets.credentials, secrets.variables]) {
          for (const values of Object.values(group)) for (const v of Object.values(values)) expect(typeof v).toBe('string');
        }
        expect(parseExportedSecrets(JSON.parse(JSON.stringify(secrets)))).toEqual(secrets);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(table, table, (credentials, variables) => {
        expect(parseExportedSecrets(JSON.parse(JSON.stringify({ credentials, variables })))).toEqual(JSON.parse(JSON.stringify({ credentials, variables })));
      }),
    );
  });
});
