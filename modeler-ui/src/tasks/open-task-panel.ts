/**
 * The open-task half of the Tasks page: shows one task's detail (task-detail.ts), replacing it only when
 * another task opens or a change must be shown afresh, and a placeholder when none is open.
 */
import { replaceChildren } from '../ui/dom';
import { type TaskDetail, type TaskDetailOptions, taskDetail } from './task-detail';
import { noTaskOpen } from './tasks-page';
import type { UserTask } from './user-tasks-api';

export interface OpenTaskPanel {
  /** the key of the task shown, if any */
  readonly key: string | undefined;
  /** shows `task` (or the placeholder for `linkedTask`); the same task again only when `force` */
  show(task: UserTask | undefined, linkedTask: string | undefined, force?: boolean): void;
  destroy(): void;
}

export function openTaskPanel(detailHost: HTMLElement, options: TaskDetailOptions): OpenTaskPanel {
  let detail: TaskDetail | undefined;
  let key: string | undefined;
  return {
    get key() {
      return key;
    },
    show(task, linkedTask, force = false) {
      if (!force && task?.userTaskKey === key) return;
      detail?.destroy();
      detail = undefined;
      key = task?.userTaskKey;
      if (!task) {
        noTaskOpen(detailHost, linkedTask);
        return;
      }
      detail = taskDetail(task, options);
      replaceChildren(detailHost, detail.element);
    },
    destroy: () => detail?.destroy(),
  };
}
