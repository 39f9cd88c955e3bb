/** Where start-up finds the project's own files by default: the models, the built UI and the lint rules. */
import path from 'node:path';

export const ROOT_DIR = path.resolve(__dirname, '..', '..');
export const DEFAULT_BPMN_DIR = path.join(ROOT_DIR, 'bpmn');
export const DEFAULT_UI_DIRECTORY = path.join(ROOT_DIR, 'modeler-ui', 'dist');
export const DEFAULT_LINT_CONFIG = path.join(ROOT_DIR, '.bpmnlintrc');
