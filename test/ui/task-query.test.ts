/**
 * The task list's rules without a browser: each view and filter as the Camunda 8.8 user task search it
 * sends, the URL it is kept in, and how due dates, priorities and groups read.
 */
import { parseHash } from '../../modeler-ui/src/router';
import { parseGroups } from '../../modeler-ui/src/tasks/current-user';
import {
  dueLabel,
  missingForView,
  priorityLabel,
  taskFiltersFrom,
  taskHash,
  userTaskSearch,
} from '../../modeler-ui/src/tasks/task-query';

const erin = { name: 'erin', groups: ['finance', 'accounting'] };

describe('task views as user task searches', () => {
  it('sends open tasks only, newest first, for all open tasks', () => {
    expect(userTaskSearch(taskFiltersFrom({}), erin)).toEqual({
      filter: { state: 'CREATED' },
      sort: [{ field: 'creationDate', order: 'DESC' }],
      page: { limit: 100 },
    });
  });

  it('asks for my tasks by assignee, my groups by candidateGroup, unassigned ones by a missing assignee', () => {
    expect(userTaskSearch(taskFiltersFrom({ view: 'mine' }), erin).filter).toEqual({
      state: 'CREATED',
      assignee: 'erin',
    });
    expect(userTaskSearch(taskFiltersFrom({ view: 'groups' }), erin).filter).toEqual({
      state: 'CREATED',
      candidateGroup: { $in: ['finance', 'accounting'] },
    });
    expect(userTaskSearch(taskFiltersFrom({ view: 'unassigned' }), erin).filter).toEqual({
      state: 'CREATED',
      assignee: { $exists: false },
    });
  });

  it('adds the process, the exact task name, due before the end of a day and the sort', () => {
    const query = userTaskSearch(
      taskFiltersFrom({ process: 'expense-claim', name: ' Review expense ', due: '2031-03-14', sort: 'priority:desc' }),
      erin,
    );
    expect(query.filter).toMatchObject({ processDefinitionId: 'expense-claim', name: 'Review expense' });
    const before = (query.filter.dueDate as { $lt: string }).$lt;
    expect(new Date(before).getTime()).toBe(new Date(2031, 2, 15).getTime());
    expect(query.sort).toEqual([{ field: 'priority', order: 'DESC' }]);
  });

  it('says what is missing before a personal view can be searched', () => {
    expect(missingForView('mine', undefined)).toMatch(/who you are/);
    expect(missingForView('groups', { name: 'erin', groups: [] })).toMatch(/groups/);
    expect(missingForView('groups', erin)).toBeUndefined();
    expect(missingForView('all', undefined)).toBeUndefined();
  });
});

describe('the URL', () => {
  it('keeps only what differs from the defaults, and ignores what is not a view, date or key', () => {
    expect(taskHash(taskFiltersFrom({}))).toBe('#/tasks');
    expect(taskHash(taskFiltersFrom({ view: 'groups', task: '2251799813685249', due: '2031-03-14' }))).toBe(
      '#/tasks?view=groups&due=2031-03-14&task=2251799813685249',
    );
    expect(taskFiltersFrom({ view: 'everything', due: 'tomorrow', task: '../x', sort: 'name' })).toEqual({
      view: 'all',
      process: undefined,
      name: undefined,
      due: undefined,
      sort: 'creationDate:desc',
      task: undefined,
    });
  });
});

describe('how tasks read', () => {
  const now = new Date(2031, 2, 14, 12, 0, 0);
  it('names overdue tasks and tasks due today', () => {
    expect(dueLabel(new Date(2031, 2, 13).toISOString(), now)).toMatchObject({ overdue: true });
    expect(dueLabel(new Date(2031, 2, 13).toISOString(), now)?.text).toMatch(/^Overdue since /);
    expect(dueLabel(new Date(2031, 2, 14, 18).toISOString(), now)).toEqual({ text: 'Due today', overdue: false });
    expect(dueLabel(undefined, now)).toBeUndefined();
  });

  it("bands priorities as Camunda's Tasklist does", () => {
    expect([0, 25, 26, 50, 51, 75, 76, 100].map(priorityLabel)).toEqual([
      'Low',
      'Low',
      'Medium',
      'Medium',
      'High',
      'High',
      'Critical',
      'Critical',
    ]);
  });

  it('reads groups from a comma-separated list', () => {
    expect(parseGroups(' finance, sales ,, finance')).toEqual(['finance', 'sales']);
  });
});

describe('routes', () => {
  it('reads the task list, start forms and the dashboard from the hash', () => {
    expect(parseHash('#/tasks?view=groups&task=1')).toEqual({ kind: 'tasks', params: { view: 'groups', task: '1' } });
    expect(parseHash('#/tasks/start?process=expense-claim')).toEqual({
      kind: 'start-process',
      params: { process: 'expense-claim' },
    });
    expect(parseHash('#/dashboard?process=order-fulfilment&version=2')).toEqual({
      kind: 'dashboard',
      params: { process: 'order-fulfilment', version: '2' },
    });
  });
});
