/**
 * Who "me" is in the task list. The app knows no users: its API key says a caller may write, not who
 * they are. So the browser asks a person once for the name they work under and their candidate groups, and
 * keeps both (localStorage); claims use that name as the task's assignee, "my groups" those groups. It is a
 * label, not a login: anyone holding the API key may claim under any name (docs/tasks-ui.md says so).
 */
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';

export interface CurrentUser {
  name: string;
  groups: string[];
}

const STORAGE_KEY = 'baton.taskUser';
let inMemory: CurrentUser | undefined;

export function getCurrentUser(): CurrentUser | undefined {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (!stored) return inMemory;
    const parsed = JSON.parse(stored) as Partial<CurrentUser>;
    if (typeof parsed.name !== 'string' || !parsed.name) return inMemory;
    return { name: parsed.name, groups: Array.isArray(parsed.groups) ? parsed.groups.map(String) : [] };
  } catch {
    return inMemory;
  }
}

function storeCurrentUser(user: CurrentUser): void {
  inMemory = user;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(user));
  } catch {
    // storage disabled: kept for this page only
  }
}

/** "finance, sales ,," → ["finance", "sales"] */
export function parseGroups(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    ),
  ];
}

/** Asks for the name and groups (prefilled with the stored ones); undefined when cancelled. */
export async function askForCurrentUser(): Promise<CurrentUser | undefined> {
  const current = getCurrentUser();
  const name = h('input', {
    id: 'task-user-name',
    class: 'input',
    name: 'userName',
    autocomplete: 'username',
    'data-testid': 'task-user-name',
  });
  const groups = h('input', {
    id: 'task-user-groups',
    class: 'input',
    name: 'userGroups',
    autocomplete: 'off',
    placeholder: 'e.g. finance, sales',
    'aria-describedby': 'task-user-groups-hint',
    'data-testid': 'task-user-groups',
  });
  name.value = current?.name ?? '';
  groups.value = current?.groups.join(', ') ?? '';
  const user = await openDialog<CurrentUser>({
    title: 'Who is working on tasks?',
    testId: 'task-user-dialog',
    body: [
      h('p', {}, 'Tasks you claim are assigned to this name; "My groups" lists the tasks offered to these groups.'),
      h('label', { class: 'field-label', for: 'task-user-name' }, 'Your name'),
      name,
      h('label', { class: 'field-label', for: 'task-user-groups' }, 'Your groups (comma-separated)'),
      groups,
      h('p', { class: 'muted', id: 'task-user-groups-hint' }, 'Kept in this browser only.'),
    ],
    focus: name,
    confirmLabel: 'Save',
    onConfirm: () => {
      const chosen = name.value.trim();
      if (!chosen) throw new Error('Enter your name');
      return { name: chosen, groups: parseGroups(groups.value) };
    },
  });
  if (user) storeCurrentUser(user);
  return user;
}
