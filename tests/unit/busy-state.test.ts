import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUSY_SHOWN_AFTER_MS, TaskRunner } from '../../src/lib/state/task-runner.svelte';

describe('TaskRunner: busy and busyShown', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('work shows as busy only once it has lasted BUSY_SHOWN_AFTER_MS; quick work never does', () => {
    const tasks = new TaskRunner();
    vi.useFakeTimers();
    expect(tasks.begin('token')).toBe(true);
    expect(tasks.busy).toBe('token');
    vi.advanceTimersByTime(BUSY_SHOWN_AFTER_MS - 1);
    expect(tasks.busyShown).toBe(false);
    tasks.end();
    vi.advanceTimersByTime(10 * BUSY_SHOWN_AFTER_MS);
    expect(tasks.busyShown).toBe(false);

    tasks.begin('discover');
    vi.advanceTimersByTime(BUSY_SHOWN_AFTER_MS);
    expect(tasks.busyShown).toBe(true);
    tasks.end();
    expect(tasks.busyShown).toBe(false); // at once: the page is usable again
  });

  it('work handed from one kind to another keeps its first start', () => {
    const tasks = new TaskRunner();
    vi.useFakeTimers();
    tasks.begin('token');
    vi.advanceTimersByTime(BUSY_SHOWN_AFTER_MS / 2);
    tasks.continueAs('operation');
    vi.advanceTimersByTime(BUSY_SHOWN_AFTER_MS / 2);
    expect(tasks.busyShown).toBe(true);
  });

  it('refuses a second task while one runs, and is free again after a failure', async () => {
    const tasks = new TaskRunner();
    const errors: string[] = [];
    let release!: () => void;
    const first = tasks.run('token', () => new Promise<void>((resolve) => (release = resolve)), { what: 'Token request', onError: (e) => errors.push(e.code) });
    expect(await tasks.run('discover', async () => undefined, { what: 'Discovery', onError: () => undefined })).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(tasks.busy).toBe(null);
    await tasks.run('discover', async () => {
      throw new TypeError('boom');
    }, { what: 'Discovery', onError: (e) => errors.push(e.message) });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('boom');
    expect(tasks.busy).toBe(null);
  });

  it('Cancel aborts the signal of a cancellable task', () => {
    const tasks = new TaskRunner();
    tasks.begin('token', { cancellable: true });
    const signal = tasks.signal!;
    expect(tasks.cancellable).toBe(true);
    tasks.cancel();
    expect(signal.aborted).toBe(true);
    tasks.end();
    expect(tasks.cancellable).toBe(false);
  });
});
