/**
 * Rows as Postgres returns them (snake_case columns) read into the camelCase objects the repositories hand
 * out. A repository names its fields once, in its model interface; the row type and the reader follow from
 * it, so a column cannot be added to one and forgotten in the other.
 */

type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

/** The row a query returns for objects of type T: each field under its snake_case column name. */
export type RowOf<T> = { [K in keyof T & string as SnakeCase<K>]: T[K] };

const columnOf = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * A reader from rows to T. `fields` lists every field of T (the compiler refuses a missing or unknown one),
 * in the order the objects get them; columns a query returns beyond those are left out.
 */
export function rowReader<T>(fields: { readonly [K in keyof T]-?: true }): (row: RowOf<T>) => T {
  const columns = Object.keys(fields).map((field) => [field, columnOf(field)] as const);
  return (row) => {
    const read: Record<string, unknown> = {};
    for (const [field, column] of columns) read[field] = (row as Record<string, unknown>)[column];
    return read as T;
  };
}
