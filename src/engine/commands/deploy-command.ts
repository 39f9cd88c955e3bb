/**
 * Deploying resources: the one command that awaits something (parsing and validating the models), so it runs
 * outside the command runner. Its 'deploy' record (engine-records.ts) is journaled just before the deployment is
 * stored; the start events of its new versions are activated after that, in a slice of their own.
 */

import type { ProcessDefinition } from '../deployments';
import type { Deployment, DeployResource } from '../engine-api';
import type { EngineRecorder } from '../engine-recorder';
import type { Runtime } from '../runtime/runtime';

export interface DeployHost {
  readonly runtime: Runtime;
  readonly recorder: EngineRecorder;
  admit(): void;
  process<T>(run: () => T): T;
  now(): number;
}

export class DeployCommand {
  /** a deployment is journaled but its start events are not activated yet: no snapshot may be taken */
  storing = false;

  constructor(private readonly host: DeployHost) {}

  async deploy(resources: DeployResource[]): Promise<Deployment> {
    const { runtime, recorder } = this.host;
    this.host.admit();
    const created: ProcessDefinition[] = [];
    const contents = resources.map((r) => ({
      name: r.name,
      content: typeof r.content === 'string' ? r.content : r.content.toString('utf8'),
    }));
    let stored = false;
    let recordedAt: number | undefined;
    try {
      const deployment = await recorder.recordAround((record) =>
        runtime.deployments.deploy(
          contents,
          (d) => created.push(d),
          () => {
            recordedAt = this.host.now();
            record({ t: recordedAt, c: 'deploy', resources: contents });
            stored = this.storing = true; // until its start events are activated
          },
        ),
      );
      // (at the record's time, as its replay activates them: a timer start event's due time)
      runtime.clock.hold(recordedAt ?? this.host.now(), () =>
        this.host.process(() => {
          for (const definition of created) runtime.startEvents.activate(definition.bpmnProcessId, definition);
        }),
      );
      return deployment;
    } finally {
      if (stored) this.storing = false;
    }
  }
}
