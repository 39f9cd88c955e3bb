/**
 * Users of the engine's basic authentication (Camunda's `/v2/users`): create, search, get, update, delete.
 * Passwords are hashed before the command is journaled (engine-security/password-hash.ts) and never answered.
 */
import { Router as createRouter, type Router } from 'express';
import { hashPassword } from '../../../engine-security/password-hash';
import type { UserDirectory } from '../../../engine-security/user-directory';
import { parseCreateUser, parseUpdateUser } from '../../../engine-security/user-request';
import { notFound } from '../problem';
import { search } from '../search';

export const USER_FIELDS = ['username', 'name', 'email'] as const;

const byUsername = (a: { username: string }, b: { username: string }) =>
  a.username < b.username ? -1 : a.username > b.username ? 1 : 0;

export function userRoutes(users: UserDirectory): Router {
  const router = createRouter();
  router.post('/users', async (req, res) => {
    const input = parseCreateUser(req.body);
    const passwordHash = await hashPassword(input.password);
    const created = users.createUser({ username: input.username, name: input.name, email: input.email, passwordHash });
    await users.durable();
    res.status(201).json(created);
  });
  router.post('/users/search', (req, res) => {
    res.json(search(users.listUsers(), req.body, { fields: USER_FIELDS, defaultOrder: byUsername }));
  });
  router.get('/users/:username', (req, res) => {
    const user = users.getUser(req.params.username);
    if (!user) throw notFound(`User with username '${req.params.username}' not found`);
    res.json(user);
  });
  router.put('/users/:username', async (req, res) => {
    const input = parseUpdateUser(req.body);
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
    const updated = users.updateUser(req.params.username, {
      name: input.name,
      email: input.email,
      ...(passwordHash ? { passwordHash } : {}),
    });
    await users.durable();
    res.json(updated);
  });
  router.delete('/users/:username', async (req, res) => {
    users.deleteUser(req.params.username);
    await users.durable();
    res.status(204).end();
  });
  return router;
}
