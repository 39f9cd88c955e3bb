/**
 * A Camunda form rendered with @bpmn-io/form-js's viewer, the library Camunda's own Tasklist renders forms
 * with: the schema from the engine, the task's variables as its data. `submit()` runs form-js's validation
 * (required fields, patterns, ranges), which shows each error under its field, and gives the values only
 * when there are none.
 */
import '@bpmn-io/form-js/dist/assets/form-js.css';
import { h } from '../ui/dom';

export interface RenderedForm {
  readonly element: HTMLElement;
  /** the form's values, or undefined when a field is invalid (form-js then shows why) */
  submit(): Record<string, unknown> | undefined;
  setDisabled(disabled: boolean): void;
  destroy(): void;
}

export async function renderCamundaForm(
  schema: unknown,
  data: Record<string, unknown>,
  testId: string,
): Promise<RenderedForm> {
  // loaded when a form is first shown: the other views do not pay for form-js
  const { Form } = await import('@bpmn-io/form-js');
  const element = h('div', { class: 'camunda-form', 'data-testid': testId });
  // no input debounce: what a person typed counts at once, even when they submit right after typing
  const form = new Form({ container: element, debounce: false } as ConstructorParameters<typeof Form>[0]);
  await form.importSchema(schema as Parameters<typeof form.importSchema>[0], data);
  return {
    element,
    submit() {
      const { data: values, errors } = form.submit();
      if (Object.keys(errors).length > 0) {
        // move the keyboard to the first field that needs attention, as a screen reader user expects
        element
          .querySelector<HTMLElement>('.fjs-has-errors input, .fjs-has-errors textarea, .fjs-has-errors select')
          ?.focus();
        return undefined;
      }
      return values as Record<string, unknown>;
    },
    setDisabled(disabled) {
      form.setProperty('disabled', disabled);
    },
    destroy() {
      form.destroy();
    },
  };
}
