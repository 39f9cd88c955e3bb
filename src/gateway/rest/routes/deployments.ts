/**
 * Deployments, process definitions and resource deletion: `POST /v2/deployments` (multipart `resources`),
 * `POST /v2/process-definitions/search`, `GET /v2/process-definitions/{key}[/xml]`,
 * `POST /v2/resources/{key}/deletion`.
 */
import { Router as createRouter, type Router } from 'express';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../../request-limits';
import type { RestContext } from '../context';
import { markInertDocument } from '../inert-document';
import { multipartFiles } from '../multipart';
import { badRequest, notFound } from '../problem';
import { OperationReferenceBody, parse, pathKey } from '../request-schemas';
import { search } from '../search';
import { processDefinitionItem } from '../views';
import { deployedResourceItems } from './deployed-resource-items';

const DEFINITION_FIELDS = [
  'processDefinitionKey',
  'processDefinitionId',
  'name',
  'version',
  'resourceName',
  'tenantId',
  'hasStartForm',
] as const;

export function deploymentRoutes(ctx: RestContext, limits: RequestLimits = DEFAULT_REQUEST_LIMITS): Router {
  const router = createRouter();

  router.post('/deployments', multipartFiles('resources', limits), async (req, res) => {
    const files = (req.files ?? []) as Express.Multer.File[];
    if (files.length === 0) throw badRequest("Expected at least one file in the multipart field 'resources'");
    const tenant = (req.body as Record<string, unknown> | undefined)?.tenantId;
    if (tenant !== undefined && tenant !== '<default>')
      throw badRequest("multi-tenancy is disabled: 'tenantId' must be '<default>'");
    const deployment = await ctx.engine.deploy(files.map((f) => ({ name: f.originalname, content: f.buffer })));
    await ctx.durable();
    res.json({
      deploymentKey: deployment.key,
      tenantId: deployment.tenantId,
      deployments: [
        ...deployment.processes.map((p) => ({
          processDefinition: {
            processDefinitionId: p.bpmnProcessId,
            processDefinitionVersion: p.version,
            resourceName: p.resourceName,
            tenantId: p.tenantId,
            processDefinitionKey: p.processDefinitionKey,
          },
        })),
        ...deployedResourceItems(deployment),
      ],
    });
  });

  router.post('/resources/:key/deletion', async (req, res) => {
    parse(OperationReferenceBody, req.body);
    ctx.engine.deleteResource(pathKey(req.params.key, 'resourceKey'));
    await ctx.durable();
    res.status(200).end();
  });

  router.post('/process-definitions/search', (req, res) => {
    const definitions = [...ctx.reads.listProcessDefinitions()];
    const latest = new Map<string, number>();
    for (const d of definitions) latest.set(d.bpmnProcessId, Math.max(latest.get(d.bpmnProcessId) ?? 0, d.version));
    const items = definitions.map(processDefinitionItem);
    res.json(
      search(items, req.body, {
        fields: DEFINITION_FIELDS,
        computed: { isLatestVersion: (d) => latest.get(String(d.processDefinitionId)) === d.version },
        defaultOrder: (a, b) => Number(BigInt(String(a.processDefinitionKey)) - BigInt(String(b.processDefinitionKey))),
      }),
    );
  });

  router.get('/process-definitions/:key', (req, res) => {
    const key = pathKey(req.params.key, 'processDefinitionKey');
    const definition = [...ctx.reads.listProcessDefinitions()].find((d) => d.processDefinitionKey === key);
    if (!definition) throw notFound(`Process definition with key '${key}' not found`);
    res.json(processDefinitionItem(definition));
  });

  router.get('/process-definitions/:key/xml', (req, res) => {
    const key = pathKey(req.params.key, 'processDefinitionKey');
    const xml = ctx.reads.getProcessDefinitionXml(key);
    if (xml === undefined) throw notFound(`Process definition with key '${key}' not found`);
    markInertDocument(res).type('text/xml').send(xml);
  });

  return router;
}
