import type { Page } from '@playwright/test';

/** Everything the app stored in IndexedDB, as one JSON string. */
export async function storedJson(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('oauth-playground');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readonly');
          const store = tx.objectStore('kv');
          const keys = store.getAllKeys();
          const values = store.getAll();
          tx.oncomplete = () => resolve(JSON.stringify({ keys: keys.result, values: values.result }));
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}
