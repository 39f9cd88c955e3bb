/**
 * The bodies of `POST /v2/users` (UserRequest) and `PUT /v2/users/{username}` (UserUpdateRequest), checked as
 * Camunda's UserValidator checks them: every violation listed in one 400, in its words, naming the field.
 */
import type { UserRequest, UserUpdateRequest } from '@camunda8/orchestration-cluster-api';
import { badRequest } from '../gateway/rest/problem';

/** IdentifierPatterns: 1 to 256 letters, digits, '_', '@', '.' or '-' */
const USERNAME_REGEX = '^[a-zA-Z0-9_@.-]+$';
const MAX_LENGTH = 256;
/** bounds what a request can make scrypt digest (not a Camunda limit) */
const MAX_PASSWORD_LENGTH = 1_024;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface CreateUserInput {
  username: string;
  password: string;
  name: string;
  email: string;
}

export interface UpdateUserInput {
  name: string;
  email: string;
  /** undefined or blank: the password stays */
  password?: string;
}

type Body = Record<string, unknown>;

function asBody(value: unknown): Body {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('No body provided.');
  return value as Body;
}

function text(body: Body, field: string, violations: string[]): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    violations.push(`The value for ${field} is '${JSON.stringify(value)}' but must be a string`);
    return undefined;
  }
  return value;
}

function unknownFields(body: Body, allowed: string[], violations: string[]) {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) violations.push(`Unknown property '${key}'; expected ${allowed.join(', ')}`);
  }
}

function nameAndEmail(body: Body, violations: string[]) {
  const name = text(body, 'name', violations);
  const email = text(body, 'email', violations);
  if (name === undefined || name.trim() === '') violations.push('No name provided');
  else if (name.length > MAX_LENGTH) violations.push(`The provided name exceeds the limit of ${MAX_LENGTH} characters`);
  if (email === undefined || email.trim() === '') violations.push('No email provided');
  else if (email.length > MAX_LENGTH || !EMAIL.test(email))
    violations.push(`The provided email '${email}' is not valid`);
  return { name: name ?? '', email: email ?? '' };
}

function password(body: Body, required: boolean, violations: string[]): string | undefined {
  const value = text(body, 'password', violations);
  if (value === undefined || value.trim() === '') {
    if (required) violations.push('No password provided');
    return undefined;
  }
  if (value.length > MAX_PASSWORD_LENGTH)
    violations.push(`The provided password exceeds the limit of ${MAX_PASSWORD_LENGTH} characters`);
  // scrypt keys HMAC with the password, padded with zero bytes: "pw" and "pw\0" would be the same password
  if (value.includes('\0')) violations.push('The provided password must not contain NUL characters');
  return value;
}

function report(violations: string[]) {
  if (violations.length === 0) return;
  const detail = violations.join('. ');
  throw badRequest(detail.endsWith('.') ? detail : `${detail}.`);
}

export function parseCreateUser(value: unknown): CreateUserInput {
  const body = asBody(value);
  const violations: string[] = [];
  unknownFields(body, ['username', 'password', 'name', 'email'] satisfies (keyof UserRequest)[], violations);
  const username = text(body, 'username', violations);
  if (username === undefined || username.trim() === '') violations.push('No username provided');
  else if (username.length > MAX_LENGTH)
    violations.push(`The provided username exceeds the limit of ${MAX_LENGTH} characters`);
  else if (!new RegExp(USERNAME_REGEX).test(username))
    violations.push(`The provided username contains illegal characters. It must match the pattern '${USERNAME_REGEX}'`);
  const secret = password(body, true, violations);
  const { name, email } = nameAndEmail(body, violations);
  report(violations);
  return { username: username as string, password: secret as string, name, email };
}

export function parseUpdateUser(value: unknown): UpdateUserInput {
  const body = asBody(value);
  const violations: string[] = [];
  unknownFields(body, ['password', 'name', 'email'] satisfies (keyof UserUpdateRequest)[], violations);
  const secret = password(body, false, violations);
  const { name, email } = nameAndEmail(body, violations);
  report(violations);
  return { name, email, password: secret };
}
