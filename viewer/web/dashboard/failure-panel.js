// What went wrong, where it cannot be missed: the first failed task's key, op and message
// across the top of the page, then any further failures, and the compute's own error when it
// ended with one the task messages do not already say. Built with textContent only, so a
// message can never inject markup.

import { byId, element } from '../dom.js';

/** The failures the run knows: "failed" messages, else tasks an update marked failed. */
function failures(run) {
  const { tasks } = run.model;
  if (run.failures.length) {
    return run.failures.map((f) => ({
      key: f.key ?? tasks[f.task]?.key ?? '?',
      op: tasks[f.task]?.op,
      message: f.message ?? '',
    }));
  }
  if (run.firstFailed >= 0) {
    const task = tasks[run.firstFailed];
    return [{ key: task.key, op: task.op, message: '' }];
  }
  return [];
}

export class FailurePanel {
  constructor() {
    this.panel = byId('failure');
    this.shown = '';
  }

  /** @returns the key of the first failed task, or '' */
  update(run) {
    const list = run ? failures(run) : [];
    const endError = run?.ended?.ok === false ? (run.ended.message ?? '') : '';
    const signature = `${list.length}|${endError}|${list[0]?.message ?? ''}`;
    if (signature === this.shown) return list[0]?.key ?? '';
    this.shown = signature;
    this.panel.hidden = !list.length && !endError;
    if (this.panel.hidden) return '';

    const body = [];
    if (list.length) {
      const [first, ...more] = list;
      body.push(element('h2', '', first.op ? `Task failed: ${first.op}` : 'Task failed'));
      body.push(element('p', 'failed-key', first.key));
      body.push(element('pre', 'failed-message', first.message || '(no message)'));
      if (more.length) {
        const others = element('details', 'more-failures');
        others.append(element('summary', '', `${more.length} more failed`));
        for (const f of more) {
          const item = element('div', 'failure-item');
          item.append(element('p', 'failed-key', f.key), element('pre', '', f.message));
          others.append(item);
        }
        body.push(others);
      }
    } else {
      body.push(element('h2', '', 'The compute failed'));
    }
    if (endError && !list.some((f) => f.message === endError)) {
      body.push(element('pre', 'end-message', endError));
    }
    this.panel.replaceChildren(...body);
    return list[0]?.key ?? '';
  }
}
