/** The keyboard shortcuts dialog: the Camunda Modeler's bindings that bpmn-js offers here, plus Save. */
import { showInfo } from '../ui/dialog';
import { h } from '../ui/dom';

const SHORTCUTS: [string, string][] = [
  ['Save', 'Ctrl+S'],
  ['Undo', 'Ctrl+Z'],
  ['Redo', 'Ctrl+Y / Ctrl+Shift+Z'],
  ['Select all', 'Ctrl+A'],
  ['Copy / Cut / Paste', 'Ctrl+C / Ctrl+X / Ctrl+V'],
  ['Duplicate', 'Ctrl+D'],
  ['Delete selection', 'Delete / Backspace'],
  ['Find element', 'Ctrl+F'],
  ['Edit label', 'E'],
  ['Replace element', 'R'],
  ['Hand tool', 'H'],
  ['Lasso tool', 'L'],
  ['Space tool', 'S'],
  ['Global connect tool', 'C'],
  ['Move selection', 'Arrow keys (Shift: faster)'],
  ['Zoom in / out / reset', 'Ctrl + / Ctrl − / Ctrl+0'],
  ['Scroll', 'Mouse wheel (Shift: horizontal)'],
];

export function showShortcuts(): Promise<void> {
  return showInfo(
    'Keyboard shortcuts',
    h(
      'div',
      {},
      h('p', {}, 'Click the diagram first so it has the keyboard focus. On macOS use ⌘ for Ctrl.'),
      h(
        'table',
        { class: 'shortcuts' },
        h(
          'tbody',
          {},
          SHORTCUTS.map(([what, keys]) => h('tr', {}, h('td', {}, what), h('td', {}, h('kbd', {}, keys)))),
        ),
      ),
    ),
  );
}
