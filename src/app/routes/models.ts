/**
 * BPMN models in bpmn/: list, read (XML, or JSON on request), save and deploy. Saving checks the document
 * (size, no DOCTYPE/entities, well-formed: 400), then lints it (bpmnlint + camunda-compat: errors 422,
 * warnings returned), then checks that the models in bpmn/ with it would still deploy at the next start (the
 * engine's reasons: 422), and only then replaces the file atomically; a rejected upload leaves the file as it
 * was.
 */

import { z } from 'zod';
import { markInertDocument } from '../../gateway/rest/inert-document';
import { HttpProblem, notFound } from '../http/problem';
import { checkBpmnDocument, MAX_MODEL_BYTES } from '../models/bpmn-document-checks';
import type { BpmnLinter } from '../models/bpmn-linter';
import { type DeployableCheck, embeddedEngineCheck, UndeployableModelsError } from '../models/deployable-check';
import { ModelChangedError, type ModelStore } from '../models/model-store';
import type { ProcessCommands } from '../process-commands/process-commands';
import { defineRoute, type RouteSpec } from '../route-spec';
import { ProblemSchema } from '../schemas/common';
import { DeploymentSchema, ModelNameParamsSchema, ModelSavedSchema, ModelSummarySchema } from '../schemas/models';
import { zeebeProblem } from './zeebe-problem';

export interface ModelRouteDeps {
  models: ModelStore;
  linter: BpmnLinter;
  processes: ProcessCommands;
  maxModelBytes?: number;
  /** refuses a save after which the models would not deploy (default: the embedded engine's checks) */
  deployableCheck?: DeployableCheck;
}

export const BPMN_CONTENT_TYPES = ['application/xml', 'text/xml', 'application/bpmn+xml', 'application/octet-stream'];

const problem = (description: string) => ({
  description,
  schema: ProblemSchema,
  contentType: 'application/problem+json',
});

export function modelRoutes({
  models,
  linter,
  processes,
  maxModelBytes = MAX_MODEL_BYTES,
  deployableCheck = embeddedEngineCheck,
}: ModelRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/models',
      operationId: 'listModels',
      summary: 'The BPMN models in bpmn/',
      tags: ['Models'],
      responses: { 200: { description: 'Every model', schema: z.array(ModelSummarySchema) } },
      async handler(_input, _req, res) {
        res.json(await models.list());
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/models/{name}',
      operationId: 'getModel',
      summary: 'A model as BPMN XML (or as JSON with Accept: application/json)',
      tags: ['Models'],
      params: ModelNameParamsSchema,
      responses: {
        200: { description: 'The BPMN XML', schema: z.string(), contentType: 'application/xml' },
        404: problem('No such model'),
      },
      async handler({ params }, req, res) {
        const model = await models.read(params.name);
        if (!model) throw notFound(`Model ${params.name} does not exist`);
        res.setHeader('ETag', model.etag);
        res.setHeader('Last-Modified', new Date(model.modifiedAt).toUTCString());
        if (req.accepts(['application/xml', 'application/json']) === 'application/json') {
          res.json({ name: model.name, xml: model.xml, etag: model.etag, modifiedAt: model.modifiedAt });
          return;
        }
        markInertDocument(res).type('application/xml').send(model.xml);
      },
    }),

    defineRoute({
      method: 'put',
      path: '/api/models/{name}',
      operationId: 'saveModel',
      summary: 'Lint and save a model (creates it when new)',
      description:
        'The body is the BPMN XML. It must be well-formed, carry no DOCTYPE or entity declarations, stay under the ' +
        'size limit and lint without errors (bpmnlint:recommended + camunda-compat for Camunda 8.8). Send If-Match ' +
        'with the ETag you read to refuse overwriting someone else’s change.',
      tags: ['Models'],
      params: ModelNameParamsSchema,
      body: {
        kind: 'text',
        contentTypes: BPMN_CONTENT_TYPES,
        maxBytes: maxModelBytes,
        description: 'BPMN 2.0 XML',
      },
      responses: {
        200: { description: 'Model replaced', schema: ModelSavedSchema },
        201: { description: 'Model created', schema: ModelSavedSchema },
        400: problem('Not a well-formed, safe XML document of acceptable size (problems lists why)'),
        412: problem('The model changed since the ETag in If-Match was read'),
        422: problem(
          'The model has lint errors, or the models with it would not deploy (problems lists why, in the engine’s words)',
        ),
      },
      async handler({ params, body }: { params: { name: string }; body: unknown }, req, res) {
        const xml = typeof body === 'string' ? body : '';
        const check = checkBpmnDocument(xml, maxModelBytes);
        if (!check.ok) {
          throw new HttpProblem(
            400,
            `Model ${params.name} was not saved: ${check.problems.map((p) => p.message).join('; ')}`,
            {
              problems: check.problems,
            },
          );
        }
        const problems = await linter.lint(xml);
        const errors = problems.filter((p) => p.category === 'error');
        if (errors.length > 0) {
          throw new HttpProblem(
            422,
            `Model ${params.name} was not saved: ${errors.length} lint error(s), e.g. ${errors[0].elementId ?? ''} ${errors[0].message}`.replace(
              '  ',
              ' ',
            ),
            { problems },
          );
        }
        let saved: { created: boolean; etag: string };
        try {
          saved = await models.write(params.name, xml, {
            ifMatch: req.get('If-Match') ?? undefined,
            check: deployableCheck,
          });
        } catch (err) {
          if (err instanceof ModelChangedError) throw new HttpProblem(412, err.message);
          if (err instanceof UndeployableModelsError) {
            throw new HttpProblem(
              422,
              `Model ${params.name} was not saved: the models with it would not deploy at the next start: ${err.reason}`,
              { problems: [{ message: err.reason }] },
            );
          }
          throw err;
        }
        res.setHeader('ETag', saved.etag);
        if (saved.created) res.location(`/api/models/${encodeURIComponent(params.name)}`);
        res.status(saved.created ? 201 : 200).json({
          name: params.name,
          created: saved.created,
          etag: saved.etag,
          warnings: problems.filter((p) => p.category !== 'error'),
        });
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/models/{name}/deployment',
      operationId: 'deployModel',
      summary: 'Deploy a model to the engine',
      tags: ['Models'],
      params: ModelNameParamsSchema,
      responses: {
        201: {
          description: 'Deployed (Zeebe returns the existing version for identical XML)',
          schema: DeploymentSchema,
        },
        404: problem('No such model'),
        422: problem('The engine rejected the model'),
        503: problem('The engine is not reachable'),
      },
      async handler({ params }, _req, res) {
        const model = await models.read(params.name);
        if (!model) throw notFound(`Model ${params.name} does not exist`);
        try {
          res
            .status(201)
            .json(await processes.deploy([{ name: `${params.name}.bpmn`, content: Buffer.from(model.xml) }]));
        } catch (err) {
          throw zeebeProblem(err, `deploy ${params.name}`);
        }
      },
    }),
  ];
}
