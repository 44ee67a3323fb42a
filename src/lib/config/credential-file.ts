/**
 * The export file of saved credentials: JSON, versioned, secrets left out unless the user asks,
 * and then only as an encrypted blob. Reading one is a boundary: the file is untrusted, checked
 * whole, and refused with a plain message before anything is changed.
 */
import { PlaygroundError } from '../errors/playground-error';
import { testRequestWithoutSecrets, withoutSecrets, type AuthConfig, type TestRequestConfig } from './auth-config';
import { splitSecrets } from './credential';
import { parseAuthConfig, parseTestRequest, printable } from './schema';
import { VARIABLE_NAME, type Environment } from './variables';

export const CREDENTIAL_FILE_FORMAT = 'oauth-playground-credentials';
export const CREDENTIAL_FILE_VERSION = 1;
/** Larger files are refused unread. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const MAX_ITEMS = 5000;

export interface ExportedCredential {
  /** The id in the exporting browser; only used to match encrypted secrets. */
  id: string;
  name: string;
  description: string;
  auth: AuthConfig;
  testRequest: TestRequestConfig;
}

export interface CredentialFile {
  format: typeof CREDENTIAL_FILE_FORMAT;
  version: number;
  exportedAt: string;
  credentials: ExportedCredential[];
  /** Environments with their non-secret values; secret values only inside `encryptedSecrets`. */
  environments: Environment[];
  /** Secret values by credential id and secret variable values by environment id, encrypted under the export passphrase. */
  encryptedSecrets?: { kdf: string; iterations: number; salt: string; iv: string; data: string };
}

/** What `encryptedSecrets` holds once decrypted. */
export interface ExportedSecrets {
  credentials: Record<string, Record<string, string>>;
  variables: Record<string, Record<string, string>>;
}

function refused(detail: string): PlaygroundError {
  return new PlaygroundError(`This file cannot be imported: ${detail}. Nothing was changed.`, {
    kind: 'input',
    code: 'invalid_import',
    hint: 'Choose a file made with Export credentials in OAuth Playground.',
  });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The text of an export file; `parseCredentialFile` reads it back. Secret fields, secret-looking
 * OAuth rows, credential header values of the test requests and secret variable values are left
 * out: secrets travel only inside `encryptedSecrets`, encrypted by the caller.
 */
export function encodeCredentialFile(content: {
  exportedAt: string;
  credentials: readonly ExportedCredential[];
  environments: readonly Environment[];
  encryptedSecrets?: CredentialFile['encryptedSecrets'];
}): string {
  const file: CredentialFile = {
    format: CREDENTIAL_FILE_FORMAT,
    version: CREDENTIAL_FILE_VERSION,
    exportedAt: content.exportedAt,
    credentials: content.credentials.map((c) => ({ id: c.id, name: c.name, description: c.description, auth: splitSecrets(c.auth).config, testRequest: testRequestWithoutSecrets(c.testRequest) })),
    environments: content.environments.map((env) => ({
      id: env.id,
      name: env.name,
      variables: env.variables.filter((v) => v.name !== '').map((v) => ({ name: v.name, secret: v.secret, value: v.secret ? '' : v.value })),
    })),
  };
  if (content.encryptedSecrets) file.encryptedSecrets = content.encryptedSecrets;
  return JSON.stringify(file, null, 2);
}

/**
 * Reads an export file: settings without secret fields, test requests without credential header
 * values, secret variables without values (whatever the file holds). Secret-looking OAuth rows of
 * an older file are kept for the importer to encrypt (`splitSecrets`).
 * @throws PlaygroundError `invalid_import` for anything that is not a well-formed export.
 */
export function parseCredentialFile(text: string): CredentialFile {
  if (text.length > MAX_IMPORT_BYTES) throw refused(`it is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw refused('it is not JSON');
  }
  if (!isObject(json) || json.format !== CREDENTIAL_FILE_FORMAT) throw refused('it is not an OAuth Playground credentials export');
  if (json.version !== CREDENTIAL_FILE_VERSION) throw refused(`its version (${printable(json.version)}) is not one this app reads`);
  if (!Array.isArray(json.credentials) || json.credentials.length > MAX_ITEMS) throw refused('its credential list is missing or too long');
  const credentials = json.credentials.map((item, index): ExportedCredential => {
    if (!isObject(item) || typeof item.id !== 'string' || typeof item.name !== 'string' || item.name.trim() === '') {
      throw refused(`credential ${index + 1} has no name`);
    }
    if (!isObject(item.auth)) throw refused(`credential “${item.name.slice(0, 80)}” has no settings`);
    return {
      id: item.id.slice(0, 100),
      name: item.name.slice(0, 200),
      description: typeof item.description === 'string' ? item.description.slice(0, 2000) : '',
      auth: withoutSecrets(parseAuthConfig(item.auth)),
      testRequest: testRequestWithoutSecrets(parseTestRequest(item.testRequest)),
    };
  });
  const environments = (Array.isArray(json.environments) ? json.environments : []).slice(0, MAX_ITEMS).map((env, index): Environment => {
    if (!isObject(env) || typeof env.id !== 'string' || typeof env.name !== 'string' || !Array.isArray(env.variables)) {
      throw refused(`environment ${index + 1} is malformed`);
    }
    return {
      id: env.id.slice(0, 100),
      name: env.name.slice(0, 100),
      variables: env.variables.flatMap((v) =>
        isObject(v) && typeof v.name === 'string' && VARIABLE_NAME.test(v.name)
          ? [{ name: v.name, secret: v.secret === true, value: v.secret === true ? '' : typeof v.value === 'string' ? v.value.slice(0, 10_000) : '' }]
          : [],
      ),
    };
  });
  const file: CredentialFile = { format: CREDENTIAL_FILE_FORMAT, version: CREDENTIAL_FILE_VERSION, exportedAt: typeof json.exportedAt === 'string' ? json.exportedAt.slice(0, 100) : '', credentials, environments };
  const enc = json.encryptedSecrets;
  if (enc !== undefined) {
    const fields = ['salt', 'iv', 'data'] as const;
    if (!isObject(enc) || typeof enc.iterations !== 'number' || !Number.isInteger(enc.iterations) || enc.iterations < 1 || enc.iterations > 10_000_000 || !fields.every((f) => typeof enc[f] === 'string')) {
      throw refused('its encrypted secrets are malformed');
    }
    file.encryptedSecrets = { kdf: 'PBKDF2-SHA-256', iterations: enc.iterations, salt: enc.salt as string, iv: enc.iv as string, data: enc.data as string };
  }
  return file;
}

/** Checks decrypted secrets: only string values under known ids are kept. */
export function parseExportedSecrets(value: unknown): ExportedSecrets {
  const table = (v: unknown): Record<string, Record<string, string>> =>
    isObject(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]))
            .map(([id, values]) => [id, Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string'))]),
        )
      : {};
  return isObject(value) ? { credentials: table(value.credentials), variables: table(value.variables) } : { credentials: {}, variables: {} };
}
