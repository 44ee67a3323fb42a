/**
 * What the page says when the settings moved to another provider: which fields were cleared, and
 * where their values had come from. Loaded with the first provider change (not at start-up).
 */
import { URL_FIELD_LABELS } from './field-labels';
import { describeSource, type Origins, type ProviderField } from './provenance';

/** The page's label of each field (its public name). */
export const FIELD_LABELS: Readonly<Record<ProviderField, string>> = {
  ...URL_FIELD_LABELS,
  issParameterSupported: '“iss in the authorization response” flag',
};

/** "Another provider: cleared Token URL, JWKS URI, which came from the preset “Local demo”. …" */
export function providerChangeNote(cleared: readonly ProviderField[], origins: Origins): string {
  const sources = [...new Set(cleared.map((field) => origins[field]).filter((origin) => origin !== undefined).map((origin) => describeSource(origin.source)))];
  const shown = cleared.filter((field) => field !== 'issParameterSupported').map((field) => FIELD_LABELS[field]);
  return `Another provider: cleared ${shown.join(', ')}, which came from ${sources.join(' and ')}. Fill them for this provider, or use Discover.`;
}
