/**
 * `GET /v2/resources/{key}` and `/content`: Camunda 8.8 serves only RPA resources there, which the embedded
 * engine does not deploy, so every key is 404 as Camunda answers one it does not hold (a BPMN or DMN
 * resource is read through its own endpoints: process definitions, decision requirements, forms).
 */
import { Router as createRouter, type Router } from 'express';
import { notFound } from '../problem';
import { pathKey } from '../request-schemas';

export function resourceRoutes(): Router {
  const router = createRouter();
  const missing = (key: string) => notFound(`Resource with key '${key}' not found`);
  router.get('/resources/:key', (req) => {
    throw missing(pathKey(req.params.key, 'resourceKey'));
  });
  router.get('/resources/:key/content', (req) => {
    throw missing(pathKey(req.params.key, 'resourceKey'));
  });
  return router;
}
