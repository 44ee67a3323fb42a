/**
 * Work the page can do a moment later: drawing recorded exchanges, writing the log. It runs after
 * the urgent work already queued (the rest of a token response, the token on screen), so the
 * result a person waits for comes first.
 */

interface TaskScheduler {
  postTask(task: () => void, options: { priority: 'background' }): Promise<unknown>;
}

/**
 * Runs `task` in a background-priority task (`scheduler.postTask`), or in the next task where the
 * browser lacks it. Tasks run in the order given.
 * @see https://wicg.github.io/scheduling-apis/#dom-scheduler-posttask
 */
export function inBackground(task: () => void): void {
  const scheduler = (globalThis as { scheduler?: Partial<TaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask === 'function') void scheduler.postTask(task, { priority: 'background' });
  else setTimeout(task, 0);
}
