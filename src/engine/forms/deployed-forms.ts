/**
 * Deployed forms, versioned per formId as Zeebe does: a resource whose name and content equal the latest
 * version's is a duplicate and keeps that version's key; anything else is a new version. Version numbers
 * are never reused, also after a version is deleted.
 */
import type { DeployedForm } from '../engine-api';
import type { ParsedForm } from './parse-form';

export interface StoredForm extends DeployedForm {
  /** the form JSON as deployed (GET /v2/forms/{key} answers it) */
  schema: string;
  deploymentKey: string;
  deleted?: boolean;
}

export interface FormsState {
  forms: StoredForm[];
  versionCounters: [string, number][];
}

export class DeployedForms {
  private readonly byKey = new Map<string, StoredForm>();
  private readonly versionCounters = new Map<string, number>();

  /** Stores the form as a new version unless it duplicates the latest one; returns the version that holds it. */
  store(
    resourceName: string,
    schema: string,
    form: ParsedForm,
    deployment: { key: string; tenantId: string; nextKey: () => string },
  ): StoredForm {
    const latest = this.latest(form.id);
    if (latest && latest.schema === schema && latest.resourceName === resourceName) return latest;
    const version = (this.versionCounters.get(form.id) ?? 0) + 1;
    const stored: StoredForm = {
      formKey: deployment.nextKey(),
      formId: form.id,
      version,
      ...(form.versionTag !== undefined ? { versionTag: form.versionTag } : {}),
      resourceName,
      tenantId: deployment.tenantId,
      schema,
      deploymentKey: deployment.key,
    };
    this.byKey.set(stored.formKey, stored);
    this.versionCounters.set(form.id, version);
    return stored;
  }

  latest(formId: string): StoredForm | undefined {
    let found: StoredForm | undefined;
    for (const f of this.all()) if (f.formId === formId && (!found || f.version > found.version)) found = f;
    return found;
  }

  get(formKey: string): StoredForm | undefined {
    const form = this.byKey.get(formKey);
    return form?.deleted ? undefined : form;
  }

  /** Marks a form deleted; false when no live form has the key. */
  delete(formKey: string): boolean {
    const form = this.get(formKey);
    if (!form) return false;
    form.deleted = true;
    return true;
  }

  *all(): Iterable<StoredForm> {
    for (const form of this.byKey.values()) if (!form.deleted) yield form;
  }

  get empty(): boolean {
    return this.byKey.size === 0;
  }

  snapshot(): FormsState {
    return { forms: [...this.byKey.values()].map((f) => ({ ...f })), versionCounters: [...this.versionCounters] };
  }

  restore(state: FormsState) {
    for (const form of state.forms) this.byKey.set(form.formKey, { ...form });
    for (const [id, n] of state.versionCounters) this.versionCounters.set(id, n);
  }
}
