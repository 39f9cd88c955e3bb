/**
 * What the app's columns hold, so the API refuses a value with a 400 naming its field instead of meeting the
 * database's error: amounts (minor units) and quantities are PostgreSQL `integer` (int32).
 */
export const MAX_INTEGER_COLUMN = 2_147_483_647;
