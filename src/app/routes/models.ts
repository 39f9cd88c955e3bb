/**
 * Models in bpmn/ — BPMN processes, DMN decisions (`{name}.dmn`) and forms (`{name}.form`): list, read (the
 * file, or JSON on request), save and deploy. Saving checks the document (size, no DOCTYPE/entities,
 * well-formed XML or JSON: 400; not a model of its kind at all: 422), then lints it (bpmnlint +
 * camunda-compat for BPMN, the engine's deploy validation for decisions and forms, model-checks.ts).
 * A model with errors is kept as a draft (a person can save unfinished work; only
 * Deploy refuses it until a clean save). A clean one must leave the models in bpmn/ deployable at the next
 * start to replace the file (atomically); when the engine's deploy would refuse them, it too is kept as a draft,
 * with the engine's reason as its problem, and the file stays as it was.
 */

import { z } from 'zod';
import { markInertDocument } from '../../gateway/rest/inert-document';
import { HttpProblem, notFound, unsupportedMediaType } from '../http/problem';
import { MAX_MODEL_BYTES } from '../models/bpmn-document-checks';
import type { BpmnLinter } from '../models/bpmn-linter';
import { type DeployableCheck, embeddedEngineCheck, UndeployableModelsError } from '../models/deployable-check';
import { type JobTypeSource, registeredJobTypes } from '../models/job-types';
import { modelProblems } from '../models/model-checks';
import { ModelChangedError, type ModelKind, type ModelRef, type ModelStore, modelLabel } from '../models/model-store';
import type { ProcessCommands } from '../process-commands/process-commands';
import { defineRoute, type RouteSpec } from '../route-spec';
import { ProblemSchema } from '../schemas/common';
import {
  DeploymentSchema,
  JobTypeSchema,
  ModelCheckedSchema,
  ModelNameParamsSchema,
  ModelSavedSchema,
  ModelSummarySchema,
} from '../schemas/models';
import { zeebeProblem } from './zeebe-problem';

export interface ModelRouteDeps {
  models: ModelStore;
  linter: BpmnLinter;
  processes: ProcessCommands;
  maxModelBytes?: number;
  /** refuses a save after which the models would not deploy (default: the embedded engine's checks) */
  deployableCheck?: DeployableCheck;
  /** the job types the modeler offers (default: the worker registry, running unknown) */
  jobTypes?: JobTypeSource;
}

export const BPMN_CONTENT_TYPES = ['application/xml', 'text/xml', 'application/bpmn+xml', 'application/octet-stream'];
/** what a save accepts: XML for processes and decisions, JSON for forms */
const SAVE_CONTENT_TYPES: Record<ModelKind, string[]> = {
  bpmn: BPMN_CONTENT_TYPES,
  dmn: [...BPMN_CONTENT_TYPES, 'application/dmn+xml'],
  form: ['application/json', 'text/plain', 'application/octet-stream'],
};
const MODEL_CONTENT_TYPES = [...new Set(Object.values(SAVE_CONTENT_TYPES).flat())];

const MEDIA_TYPES: Record<ModelKind, string> = {
  bpmn: 'application/xml',
  dmn: 'application/xml',
  form: 'application/json',
};

const problem = (description: string) => ({
  description,
  schema: ProblemSchema,
  contentType: 'application/problem+json',
});

function jobTypesRoute(jobTypes: JobTypeSource): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/api/job-types',
    operationId: 'listJobTypes',
    summary: 'The job types this app has workers for, and whether it runs them',
    tags: ['Models'],
    responses: { 200: { description: 'Every job type with a worker', schema: z.array(JobTypeSchema) } },
    async handler(_input, _req, res) {
      res.json(jobTypes());
    },
  });
}

/** POST …/check: the problems a save would report, without saving (the modeler's Check button). */
function checkModelRoute({ linter, maxModelBytes }: { linter: BpmnLinter; maxModelBytes: number }): RouteSpec {
  return defineRoute({
    method: 'post',
    path: '/api/models/{name}/check',
    operationId: 'checkModel',
    summary: 'The problems a save of this text would report, without saving it',
    tags: ['Models'],
    params: ModelNameParamsSchema,
    body: {
      kind: 'text',
      contentTypes: MODEL_CONTENT_TYPES,
      maxBytes: maxModelBytes,
      description: 'BPMN 2.0 XML, DMN XML or Camunda form JSON',
    },
    responses: {
      200: { description: 'Errors (a save would make a draft) and warnings', schema: ModelCheckedSchema },
      400: problem('Not a well-formed, safe XML (or JSON) document of acceptable size (problems lists why)'),
      422: problem('The document is XML but not a model of its kind'),
    },
    async handler({ params, body }: { params: { name: ModelRef }; body: unknown }, _req, res) {
      const text = typeof body === 'string' ? body : '';
      const problems = await modelProblems(params.name, text, { linter, maxModelBytes });
      res.json({ name: params.name.name, kind: params.name.kind, problems });
    },
  });
}

/** PUT: lint errors make a draft; a clean model must keep the next start deployable. */
function saveModelRoute({
  models,
  linter,
  maxModelBytes,
  deployableCheck,
}: Required<Pick<ModelRouteDeps, 'models' | 'linter' | 'maxModelBytes' | 'deployableCheck'>>): RouteSpec {
  return defineRoute({
    method: 'put',
    path: '/api/models/{name}',
    operationId: 'saveModel',
    summary: 'Lint and save a model (creates it when new)',
    description:
      'The body is the BPMN or DMN XML, or the form JSON. It must be well-formed, carry no DOCTYPE or entity ' +
      'declarations and stay under the size limit. A model with lint errors (bpmnlint:recommended + ' +
      'camunda-compat for Camunda 8.8; for a decision or form, what the engine’s deploy would refuse) is saved ' +
      'as a draft (draft: true, problems says why), which Deploy refuses until a clean save; a clean model must ' +
      'leave the models deployable at the next start. Send If-Match with the ETag you read to refuse overwriting ' +
      'someone else’s change.',
    tags: ['Models'],
    params: ModelNameParamsSchema,
    body: {
      kind: 'text',
      contentTypes: MODEL_CONTENT_TYPES,
      maxBytes: maxModelBytes,
      description: 'BPMN 2.0 XML, DMN XML or Camunda form JSON',
    },
    responses: {
      200: { description: 'Model replaced', schema: ModelSavedSchema },
      201: { description: 'Model created', schema: ModelSavedSchema },
      400: problem('Not a well-formed, safe XML (or JSON) document of acceptable size (problems lists why)'),
      412: problem('The model changed since the ETag in If-Match was read'),
      422: problem('The document is XML but not BPMN 2.0 (or DMN) (problems lists why)'),
    },
    async handler({ params, body }: { params: { name: ModelRef }; body: unknown }, req, res) {
      const ref = params.name;
      const label = modelLabel(ref);
      if (!req.is(SAVE_CONTENT_TYPES[ref.kind])) {
        throw unsupportedMediaType(
          `The body of ${label} must be ${SAVE_CONTENT_TYPES[ref.kind].join(' or ')}; got ${req.get('Content-Type')}`,
        );
      }
      const xml = typeof body === 'string' ? body : '';
      const problems = await modelProblems(ref, xml, { linter, maxModelBytes });
      const ifMatch = req.get('If-Match') ?? undefined;
      const errors = problems.filter((p) => p.category === 'error');
      const warnings = problems.filter((p) => p.category !== 'error');
      let saved: { created: boolean; etag: string };
      try {
        try {
          saved =
            errors.length > 0
              ? await models.writeDraft(ref, xml, { ifMatch })
              : await models.write(ref, xml, { ifMatch, check: deployableCheck });
        } catch (err) {
          if (!(err instanceof UndeployableModelsError)) throw err;
          // lint-clean but the next start's deployment would be refused: kept as a draft, only Deploy is blocked
          errors.push({
            rule: 'deploy',
            message: `the models with it would not deploy: ${err.reason}`,
            category: 'error',
          });
          saved = await models.writeDraft(ref, xml, { ifMatch });
        }
      } catch (err) {
        if (err instanceof ModelChangedError) throw new HttpProblem(412, err.message);
        throw err;
      }
      res.setHeader('ETag', saved.etag);
      if (saved.created) res.location(`/api/models/${encodeURIComponent(label)}`);
      res.status(saved.created ? 201 : 200).json({
        name: ref.name,
        kind: ref.kind,
        created: saved.created,
        etag: saved.etag,
        warnings,
        ...(errors.length > 0 ? { draft: true, problems: errors } : {}),
      });
    },
  });
}

export function modelRoutes({
  models,
  linter,
  processes,
  maxModelBytes = MAX_MODEL_BYTES,
  deployableCheck = embeddedEngineCheck,
  jobTypes = registeredJobTypes(),
}: ModelRouteDeps): RouteSpec[] {
  return [
    jobTypesRoute(jobTypes),
    defineRoute({
      method: 'get',
      path: '/api/models',
      operationId: 'listModels',
      summary: 'The models in bpmn/: processes, decisions and forms',
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
      summary: 'A model as its file (BPMN/DMN XML, form JSON), or wrapped in JSON with Accept: application/json',
      tags: ['Models'],
      params: ModelNameParamsSchema,
      responses: {
        200: {
          description: 'The BPMN or DMN XML (a form: its JSON)',
          schema: z.string(),
          contentType: 'application/xml',
        },
        404: problem('No such model'),
      },
      async handler({ params }, req, res) {
        const model = await models.read(params.name);
        if (!model) throw notFound(`Model ${modelLabel(params.name)} does not exist`);
        res.setHeader('ETag', model.etag);
        res.setHeader('Last-Modified', new Date(model.modifiedAt).toUTCString());
        if (model.draft) res.setHeader('X-Model-Draft', 'true');
        const media = MEDIA_TYPES[model.kind];
        if (req.accepts([media, 'application/json']) === 'application/json' && media !== 'application/json') {
          const { name, kind, xml, etag, modifiedAt, draft } = model;
          res.json({ name, kind, xml, etag, modifiedAt, ...(draft ? { draft } : {}) });
          return;
        }
        markInertDocument(res).type(media).send(model.xml);
      },
    }),

    saveModelRoute({ models, linter, maxModelBytes, deployableCheck }),
    checkModelRoute({ linter, maxModelBytes }),

    defineRoute({
      method: 'post',
      path: '/api/models/{name}/deployment',
      operationId: 'deployModel',
      summary: 'Deploy a model (process, decision or form) to the engine',
      tags: ['Models'],
      params: ModelNameParamsSchema,
      responses: {
        201: {
          description: 'Deployed (Zeebe returns the existing version for identical XML)',
          schema: DeploymentSchema,
        },
        404: problem('No such model'),
        422: problem('The model is a draft with problems, or the engine rejected it'),
        503: problem('The engine is not reachable'),
      },
      async handler({ params }, _req, res) {
        const ref = params.name;
        const model = await models.read(ref);
        if (!model) throw notFound(`Model ${modelLabel(ref)} does not exist`);
        if (model.draft) {
          const problems = (await modelProblems(ref, model.xml, { linter, maxModelBytes })).filter(
            (p) => p.category === 'error',
          );
          throw new HttpProblem(
            422,
            `Model ${modelLabel(ref)} was not deployed: its saved draft still has problems; fix them and save first`,
            { problems },
          );
        }
        try {
          res
            .status(201)
            .json(await processes.deploy([{ name: `${ref.name}.${ref.kind}`, content: Buffer.from(model.xml) }]));
        } catch (err) {
          throw zeebeProblem(err, `deploy ${modelLabel(ref)}`);
        }
      },
    }),
  ];
}
