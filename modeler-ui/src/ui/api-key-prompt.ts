/**
 * Asks for the API key once and keeps it (localStorage). `withApiKey(action)` runs a write: it asks first
 * when no key is stored, and asks again (saying why) when the server answers 401.
 */
import { getStoredApiKey, storeApiKey } from '../api/api-key';
import { ApiError } from '../api/http';
import { openDialog } from './dialog';
import { h } from './dom';

export async function askForApiKey(reason?: string): Promise<string | undefined> {
  const input = h('input', {
    type: 'password',
    class: 'input',
    name: 'apiKey',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'API key',
    'data-testid': 'api-key-input',
    'aria-label': 'API key',
  });
  input.value = getStoredApiKey() ?? '';
  const key = await openDialog({
    title: 'API key',
    testId: 'api-key-dialog',
    body: [
      reason ? h('p', { class: 'dialog-warning' }, reason) : h('span'),
      h(
        'p',
        {},
        'Saving, deploying, starting, retrying and cancelling need the API key. ',
        '`npm start` prints it at first start (or set API_KEY). It is kept in this browser only.',
      ),
      input,
    ],
    focus: input,
    confirmLabel: 'Use key',
    onConfirm: () => {
      const value = input.value.trim();
      if (!value) throw new Error('Enter the API key');
      return value;
    },
  });
  if (key) storeApiKey(key);
  return key;
}

export async function withApiKey<T>(action: () => Promise<T>): Promise<T | undefined> {
  if (!getStoredApiKey() && !(await askForApiKey())) return undefined;
  try {
    return await action();
  } catch (err) {
    if (err instanceof ApiError && err.unauthorized) {
      if (!(await askForApiKey('The server did not accept the API key. Check it and try again.'))) return undefined;
      return action();
    }
    throw err;
  }
}
