/**
 * Every preset the picker offers. Presets are plain data: to add a provider, add an object
 * (or a file exporting an array of them) to this folder and list it here.
 */
import { emptyAuthConfig, emptyTestRequest, type AuthConfig, type TestRequestConfig } from '../auth-config';
import { localDemoDefault } from './local-demo';
import type { Preset } from './types';

export type { Preset } from './types';
export { DEMO_ORIGIN } from './local-demo';

/** The presets available at startup: the default one only. */
export const PRESETS: readonly Preset[] = [localDemoDefault];

/** Every preset, the provider templates included (loaded on demand: opening the page does not need them). */
export async function loadAllPresets(): Promise<readonly Preset[]> {
  const [{ moreLocalDemoPresets }, { vendorPresets }, { identityProviderPresets }] = await Promise.all([import('./local-demo-more'), import('./vendors'), import('./identity-providers')]);
  return [localDemoDefault, ...moreLocalDemoPresets, ...vendorPresets, ...identityProviderPresets];
}

/**
 * The preset `id`, loading only the file that holds it (a link's `preset=` opens without the
 * provider templates when it names a local demo one); undefined when there is none.
 */
export async function loadPreset(id: string): Promise<Preset | undefined> {
  const found = findPreset(id);
  if (found) return found;
  const { moreLocalDemoPresets } = await import('./local-demo-more');
  return findPreset(id, moreLocalDemoPresets) ?? findPreset(id, (await import('./vendors')).vendorPresets) ?? findPreset(id, (await import('./identity-providers')).identityProviderPresets);
}

/** The preset the app opens with, so a newcomer's first `Get token` works. */
export const DEFAULT_PRESET_ID = 'local-demo';

export function findPreset(id: string | null, presets: readonly Preset[] = PRESETS): Preset | undefined {
  return presets.find((preset) => preset.id === id);
}

/** A fresh configuration and test request filled from `preset`. */
export function applyPreset(preset: Preset): { auth: AuthConfig; testRequest: TestRequestConfig } {
  const auth = emptyAuthConfig();
  auth.authType = preset.authType;
  auth.presetId = preset.id;
  Object.assign(auth.oauth2, structuredClone(preset.oauth2 ?? {}));
  Object.assign(auth.apiKey, preset.apiKey ?? {});
  Object.assign(auth.basic, preset.basic ?? {});
  Object.assign(auth.bearer, preset.bearer ?? {});
  const testRequest = { ...emptyTestRequest(), ...structuredClone(preset.testRequest ?? {}) };
  return { auth, testRequest };
}
