/**
 * Deployed forms: `GET /v2/forms/{formKey}` answers the form with its schema (8.8's FormResult), and
 * `GET /v2/process-definitions/{key}/form` a process's start form: the newest version of the form its none
 * start event links (`zeebe:formDefinition formId`), 204 when it links none, as Camunda answers.
 */
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

  router.get('/process-definitions/:key/form', (req, res) => {
    const key = pathKey(req.params.key, 'processDefinitionKey');
    const definition = [...ctx.reads.listProcessDefinitions()].find((d) => d.processDefinitionKey === key);
    if (!definition) throw notFound(`Process definition with key '${key}' not found`);
    const formId = definition.startFormId;
    const versions = [...((ctx.reads.listForms ?? ctx.engine.listForms)?.() ?? [])].filter(
      (f) => formId !== undefined && f.formId === formId && f.tenantId === definition.tenantId,
    );
    const newest = versions.sort((a, b) => b.version - a.version)[0];
    if (!newest) {
      res.status(204).end();
      return;
    }
    res.json(formResult(newest));
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
