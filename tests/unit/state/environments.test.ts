import { describe, expect, it } from 'vitest';
import { Environments } from '../../../src/lib/state/library/environments.svelte';
import type { StoredEnvironments } from '../../../src/lib/store/library-storage';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const STORED: StoredEnvironments = {
  activeId: 'env-staging',
  updatedAt: 10,
  items: [{ id: 'env-staging', name: 'staging', variables: [{ name: 'host', value: 'https://staging.example', secret: false }] }],
};

function environments(read: Promise<StoredEnvironments>) {
  const saved: StoredEnvironments[] = [];
  const notices: string[] = [];
  const envs = new Environments({
    storage: { loadEnvironments: () => read, saveEnvironments: async (record) => void saved.push(record) },
    now: () => 1_000,
    key: () => null,
    assertIntact: async () => {},
    apply: () => {},
    announce: () => {},
    report: (said) => said.notice && notices.push(said.notice),
  });
  return { envs, saved, notices };
}

describe('Environments while the stored ones are still being read', () => {
  it('a preset’s variables picked before the read finishes join the stored active environment; nothing stored is overwritten', async () => {
    const read = deferred<StoredEnvironments>();
    const { envs, saved, notices } = environments(read.promise);
    const loading = envs.load();
    const adding = envs.addPresetVariables([{ name: 'realm', value: '', secret: false }]);
    read.resolve(STORED);
    await Promise.all([loading, adding]);

    expect(envs.list.map((env) => env.name)).toEqual(['staging']);
    expect(envs.active?.variables.map((v) => v.name)).toEqual(['host', 'realm', '']);
    expect(saved.at(-1)?.items.map((env) => env.name)).toEqual(['staging']);
    expect(saved.at(-1)?.items[0]?.variables.map((v) => v.name)).toEqual(['host', 'realm']);
    expect(notices.at(-1)).toContain('to staging: {{realm}}');
  });

  it('Save variables during the read writes what was stored, not an empty list', async () => {
    const read = deferred<StoredEnvironments>();
    const { envs, saved } = environments(read.promise);
    void envs.load();
    const saving = envs.save();
    read.resolve(STORED);
    expect(await saving).toBe(true);
    expect(saved.at(-1)?.items.map((env) => env.name)).toEqual(['staging']);
  });
});
