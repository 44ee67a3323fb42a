/**
 * Variables: named environments ("staging", "production") whose values are referenced anywhere in
 * the settings as `{{name}}`, the way Claris Connect references secrets. Pure: resolution takes the
 * values and returns new values, or reports every unknown name so nothing is sent literally.
 */
import { PlaygroundError } from '../errors/playground-error';
import type { AuthConfig, TestRequestConfig } from './auth-config';

export interface Variable {
  name: string;
  value: string;
  /** Masked in the UI and in recorded exchanges, like a client secret. */
  secret: boolean;
}

export interface Environment {
  id: string;
  name: string;
  variables: Variable[];
}

/** A `{{name}}` reference; spaces inside the braces are allowed. */
const REFERENCE = /\{\{\s*([^{}\s]*)\s*\}\}/g;
/** Names a variable may have: a letter or `_`, then letters, digits, `_`, `-`, `.`. */
export const VARIABLE_NAME = /^[A-Za-z_][\w.-]{0,63}$/;

/** The names `text` references, in order of first use. */
export function referencedNames(text: string): string[] {
  return [...new Set([...text.matchAll(REFERENCE)].map((match) => match[1]!))];
}

/** Whether `text` references any variable. */
export function hasReferences(text: string): boolean {
  return text.includes('{{') && referencedNames(text).length > 0;
}

/** The values of the variables by name (the last one wins when a name is repeated). */
export function variableValues(variables: readonly Variable[]): Map<string, string> {
  return new Map(variables.filter((v) => VARIABLE_NAME.test(v.name)).map((v) => [v.name, v.value]));
}

/**
 * `text` with each `{{name}}` replaced by its value. Unknown names are collected in `missing` and
 * left as they are. Values are not resolved again (a value holding `{{x}}` stays literal).
 */
export function resolveText(text: string, values: ReadonlyMap<string, string>, missing?: Set<string>): string {
  if (!text.includes('{{')) return text;
  return text.replace(REFERENCE, (whole, name: string) => {
    const value = values.get(name);
    if (value === undefined) {
      missing?.add(name);
      return whole;
    }
    return value;
  });
}

/** `text` resolved for display: secret values masked, unknown names marked. */
export function previewText(text: string, variables: readonly Variable[]): string {
  const masked = new Map(variables.filter((v) => VARIABLE_NAME.test(v.name)).map((v) => [v.name, v.secret ? '••••••' : v.value]));
  return text.replace(REFERENCE, (whole, name: string) => masked.get(name) ?? `${whole} (unknown)`);
}

/** Replaces every string in a plain-data tree, resolving references; keys are left alone. */
function resolveDeep<T>(value: T, values: ReadonlyMap<string, string>, missing: Set<string>): T {
  if (typeof value === 'string') return resolveText(value, values, missing) as T;
  if (Array.isArray(value)) return value.map((item) => resolveDeep(item, values, missing)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolveDeep(inner, values, missing)])) as T;
  }
  return value;
}

function unknownVariables(missing: Set<string>, where: string): PlaygroundError {
  const names = [...missing].map((name) => (name === '' ? '{{}}' : `{{${name}}}`)).join(', ');
  return new PlaygroundError(`Unknown variable${missing.size > 1 ? 's' : ''} ${names} in the ${where}; nothing was sent.`, {
    kind: 'input',
    code: 'unknown_variable',
    hint: 'Add the variable to the active environment (Variables), switch to the environment that has it, or remove the braces.',
  });
}

/**
 * A copy of `config` with every reference resolved: every object and array is new, so the copy
 * shares nothing with `config` (which may be reactive state).
 * @throws PlaygroundError `unknown_variable` naming every unknown reference, so none is sent literally.
 */
export function resolveConfig<T extends AuthConfig | AuthConfig['oauth2'] | TestRequestConfig>(
  config: T,
  variables: readonly Variable[],
  where: string,
): T {
  const missing = new Set<string>();
  const resolved = resolveDeep(config, variableValues(variables), missing);
  if (missing.size > 0) throw unknownVariables(missing, where);
  return resolved;
}

/**
 * One text with every reference resolved.
 * @throws PlaygroundError `unknown_variable` naming every unknown reference.
 */
export function resolveRequired(text: string, variables: readonly Variable[], where: string): string {
  const missing = new Set<string>();
  const resolved = resolveText(text, variableValues(variables), missing);
  if (missing.size > 0) throw unknownVariables(missing, where);
  return resolved;
}

/** The values of the secret variables, for redaction. */
export function secretVariableValues(variables: readonly Variable[]): string[] {
  return variables.filter((v) => v.secret && v.value !== '').map((v) => v.value);
}
