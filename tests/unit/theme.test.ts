import { describe, expect, it } from 'vitest';
import { THEME_KEY, loadTheme, saveTheme } from '../../src/lib/store/theme';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  };
}

describe('theme choice storage', () => {
  it('remembers light and dark, and system removes the key', () => {
    const storage = memoryStorage();
    expect(loadTheme(storage)).toBe('system');
    saveTheme('dark', storage);
    expect(storage.data.get(THEME_KEY)).toBe('dark');
    expect(loadTheme(storage)).toBe('dark');
    saveTheme('system', storage);
    expect(storage.data.has(THEME_KEY)).toBe(false);
  });

  it('reads an unknown value as system', () => {
    expect(loadTheme(memoryStorage({ [THEME_KEY]: '<script>' }))).toBe('system');
  });

  it('survives storage that throws or is missing', () => {
    const throwing = {
      getItem: () => { throw new DOMException('denied', 'SecurityError'); },
      setItem: () => { throw new DOMException('full', 'QuotaExceededError'); },
      removeItem: () => { throw new DOMException('denied', 'SecurityError'); },
    };
    expect(loadTheme(throwing)).toBe('system');
    expect(() => saveTheme('light', throwing)).not.toThrow();
    expect(loadTheme(undefined)).toBe('system');
  });
});
