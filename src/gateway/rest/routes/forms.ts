/** Deployed forms: `GET /v2/forms/{formKey}` answers the form with its schema (8.8's FormResult). */
import { Router as createRouter, type Router } from 'express';
import type { RestContext } from '../context';
import { notFound } from '../problem';
import { pathKey } from '../request-schemas';

export function formRoutes(ctx: RestContext): Router {
  const router = createRouter();

  router.get('/forms/:key', (req, res) => {
    const key = pathKey(req.params.key, 'formKey');
    const forms = (ctx.reads.listForms ?? ctx.engine.listForms)?.() ?? [];
    const form = [...forms].find((f) => f.formKey === key);
    if (!form) throw notFound(`Form with key '${key}' not found`);
    res.json(formResult(form));
  });

  return router;
}

/** FormResult: the schema as the JSON object it is (the resource's text when it is not one). */
export function formResult(form: {
  formKey: string;
  formId: string;
  version: number;
  tenantId: string;
  schema: string;
}) {
  let schema: unknown;
  try {
    schema = JSON.parse(form.schema);
  } catch {
    schema = form.schema;
  }
  return { tenantId: form.tenantId, formId: form.formId, schema, version: form.version, formKey: form.formKey };
}
