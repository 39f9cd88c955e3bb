/**
 * The API key guarding writes (save, deploy, start, retry, cancel): asked for once, kept in localStorage.
 * It is sent as "Authorization: Bearer <key>"; `npm start` prints it (or reads API_KEY).
 */
const STORAGE_KEY = 'baton.apiKey';
/** used when localStorage is disabled (private windows, strict settings) */
let inMemory: string | undefined;
const listeners = new Set<() => void>();

/** Called whenever the key is stored or forgotten (the top bar shows whether one is set). */
export function onApiKeyChange(listener: () => void): void {
  listeners.add(listener);
}

export function getStoredApiKey(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? inMemory;
  } catch {
    return inMemory;
  }
}

export function storeApiKey(key: string | undefined): void {
  inMemory = key;
  try {
    if (key) localStorage.setItem(STORAGE_KEY, key);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: kept in memory for this page only
  }
  for (const listener of listeners) listener();
}
