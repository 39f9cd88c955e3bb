/**
 * Start variables typed by a person: they must be a JSON object (Zeebe's variables are a document whose
 * top-level keys become variables). Returns the object, or a message saying what is wrong and where.
 */
export type ParsedVariables = { ok: true; variables: Record<string, unknown> } | { ok: false; message: string };

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

export function parseStartVariables(text: string): ParsedVariables {
  if (text.trim() === '') return { ok: true, variables: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = (err as Error).message;
    const position = /at position (\d+)/.exec(reason);
    const where = position ? ` (${lineAndColumn(text, Number(position[1]))})` : '';
    const cleaned = reason.replace(/\s*in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    return { ok: false, message: `The variables are not valid JSON${where}: ${cleaned}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return {
      ok: false,
      message: `The variables must be a JSON object such as {"orderId": "o-1"}, not ${kind}`,
    };
  }
  return { ok: true, variables: value as Record<string, unknown> };
}
