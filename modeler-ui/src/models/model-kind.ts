/**
 * The three kinds of model file in bpmn/ and how the UI names one: a process by its name
 * (`order-fulfilment`, as before decisions and forms), a decision or form with its extension (`rates.dmn`,
 * `approval.form`). That label is the model's route (#/models/rates.dmn) and its path in the app's API.
 */
export type ModelKind = 'bpmn' | 'dmn' | 'form';

export interface ModelRef {
  name: string;
  kind: ModelKind;
}

export const KIND_WORDS: Record<ModelKind, string> = { bpmn: 'process', dmn: 'decision', form: 'form' };

export const modelLabel = ({ name, kind }: ModelRef): string => (kind === 'bpmn' ? name : `${name}.${kind}`);

export function parseModelLabel(label: string): ModelRef {
  for (const kind of ['dmn', 'form', 'bpmn'] as const) {
    if (label.endsWith(`.${kind}`)) return { name: label.slice(0, -(kind.length + 1)), kind };
  }
  return { name: label, kind: 'bpmn' };
}

export const isModelKind = (value: string | undefined): value is ModelKind =>
  value === 'bpmn' || value === 'dmn' || value === 'form';
