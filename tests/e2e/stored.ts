import type { Page } from '@playwright/test';

/**
 * What the app stored in IndexedDB (everything, or the record under `key`), as one JSON string.
 * Binary values (ciphertext, IVs) are decoded as text, so a secret stored in clear inside one
 * would still show.
 */
export async function storedJson(page: Page, key?: string): Promise<string> {
  return page.evaluate(
    (only) =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('oauth-playground');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readonly');
          const store = tx.objectStore('kv');
          const keys = only === null ? store.getAllKeys() : null;
          const values = only === null ? store.getAll() : store.get(only);
          const text = (_name: string, value: unknown) =>
            value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? new TextDecoder().decode(value as ArrayBuffer) : value;
          tx.oncomplete = () => resolve(JSON.stringify(keys ? { keys: keys.result, values: values.result } : (values.result ?? null), text));
          tx.onerror = () => reject(tx.error);
        };
      }),
    key ?? null,
  );
}
