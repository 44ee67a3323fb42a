import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, DRAWER_MAX, DRAWER_MIN, LAYOUT_KEY, loadLayout, saveLayout } from '../../src/lib/store/layout';

function memory(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('layout preferences', () => {
  it('round-trips the drawer height and the collapsed sidebar', () => {
    const storage = memory();
    saveLayout({ drawerHeight: 500, sidebarCollapsed: true }, storage);
    expect(loadLayout(storage)).toEqual({ drawerHeight: 500, sidebarCollapsed: true });
  });
  it('clamps a stored height and ignores fields of the wrong type', () => {
    expect(loadLayout(memory({ [LAYOUT_KEY]: '{"drawerHeight":5,"sidebarCollapsed":"yes"}' }))).toEqual({ drawerHeight: DRAWER_MIN, sidebarCollapsed: false });
    expect(loadLayout(memory({ [LAYOUT_KEY]: '{"drawerHeight":1e9}' })).drawerHeight).toBe(DRAWER_MAX);
  });
  it('falls back to the defaults on unreadable or missing storage', () => {
    expect(loadLayout(memory({ [LAYOUT_KEY]: 'not json' }))).toEqual(DEFAULT_LAYOUT);
    expect(loadLayout(null)).toEqual(DEFAULT_LAYOUT);
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(loadLayout(throwing)).toEqual(DEFAULT_LAYOUT);
    expect(() => saveLayout(DEFAULT_LAYOUT, throwing)).not.toThrow();
  });
  it('survives a page where reading localStorage itself throws (a framed page, storage blocked)', () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: () => { throw new Error('Access is denied for this document.'); } });
    try {
      expect(loadLayout()).toEqual(DEFAULT_LAYOUT);
      expect(() => saveLayout(DEFAULT_LAYOUT)).not.toThrow();
    } finally {
      if (descriptor) Object.defineProperty(globalThis, 'localStorage', descriptor);
      else delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });
});
