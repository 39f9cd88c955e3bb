/**
 * The API's in-process commands on the embedded engine (engine-process-commands.ts) answer as the same
 * commands over the gRPC gateway do: same results, same rejections (status and Zeebe's wording), and only
 * once the command is durable.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { engineProcessCommands } from '../../src/app/process-commands/engine-process-commands';
import type { ProcessCommands } from '../../src/app/process-commands/process-commands';
import { zeebeProcessCommands } from '../../src/app/process-commands/zeebe-process-commands';
import type { EngineApi } from '../../src/engine/engine-api';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../support/engine';

const ORDER_MODEL = path.join(__dirname, '..', '..', 'bpmn', 'order-fulfilment.bpmn');
const ORDER = { orderId: 'o-1', customerId: 'c-1', items: [{ sku: 'S', quantity: 1 }], amount: 1, currency: 'EUR' };

describe('ProcessCommands on the embedded engine, in-process', () => {
  let fixture: EmbeddedTestEngine;
  let inProcess: ProcessCommands;
  let overGrpc: ProcessCommands;

  beforeAll(async () => {
    fixture = await startEmbeddedEngine({ logLevel: 'silent' });
    inProcess = engineProcessCommands(fixture.engine);
    overGrpc = zeebeProcessCommands(fixture.zeebe);
  });
  afterAll(() => fixture.close());

  it('deploys and starts instances as the gateway does, with a copy of the variables', async () => {
    const deployed = await inProcess.deploy([{ name: 'order-fulfilment.bpmn', content: readFileSync(ORDER_MODEL) }]);
    expect(deployed.processes).toEqual([
      expect.objectContaining({ bpmnProcessId: 'order-fulfilment', resourceName: 'order-fulfilment.bpmn' }),
    ]);
    const variables = { ...ORDER };
    const ours = await inProcess.startProcess('order-fulfilment', variables);
    const theirs = await overGrpc.startProcess('order-fulfilment', ORDER);
    expect(ours).toEqual({ ...theirs, processInstanceKey: ours.processInstanceKey });
    expect(ours.processInstanceKey).not.toBe(theirs.processInstanceKey);
    variables.orderId = 'changed afterwards';
    expect(fixture.engine.getProcessInstance(ours.processInstanceKey)).toBeDefined();
    const stored = [...fixture.engine.listVariables(ours.processInstanceKey)].find((v) => v.name === 'orderId');
    expect(stored?.value).toBe('o-1');
  });

  it('rejects as the gateway does: same status, same details', async () => {
    const [ours, theirs] = await Promise.all(
      [inProcess, overGrpc].map((commands) => commands.startProcess('no-such-process', {}).catch((e: unknown) => e)),
    );
    expect(ours).toMatchObject({ status: 'NOT_FOUND' });
    expect(ours).toEqual(theirs);
    const [badOurs, badTheirs] = await Promise.all(
      [inProcess, overGrpc].map((commands) =>
        commands.deploy([{ name: 'broken.bpmn', content: Buffer.from('<not-bpmn') }]).catch((e: unknown) => e),
      ),
    );
    expect(badOurs).toMatchObject({ status: 'INVALID_ARGUMENT' });
    expect(badOurs).toEqual(badTheirs);
  });

  it('cancels instances, and rejects an unknown key as the gateway does', async () => {
    const { processInstanceKey } = await inProcess.startProcess('order-fulfilment', ORDER);
    await inProcess.cancelProcess(processInstanceKey);
    expect(fixture.engine.getProcessInstance(processInstanceKey)).toEqual(
      expect.objectContaining({ state: 'TERMINATED' }),
    );
    const [ours, theirs] = await Promise.all(
      [inProcess, overGrpc].map((commands) => commands.cancelProcess(processInstanceKey).catch((e: unknown) => e)),
    );
    expect(ours).toMatchObject({ status: 'NOT_FOUND' });
    expect(ours).toEqual(theirs);
  });

  it('publishes messages', async () => {
    const published = await inProcess.publishMessage({ name: 'm', correlationKey: 'k', timeToLiveMs: 0 });
    expect(published.messageKey).toMatch(/^\d+$/);
  });

  it('answers a command only once the engine says it is durable', async () => {
    let makeDurable: () => void = () => {};
    const durable = new Promise<void>((resolve) => {
      makeDurable = resolve;
    });
    const engine = new Proxy(fixture.engine, {
      get: (target, key) => {
        if (key === 'durable') return () => durable;
        const value = (target as unknown as Record<PropertyKey, unknown>)[key];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as EngineApi;
    const commands = engineProcessCommands(engine);
    let answered = false;
    const started = commands.startProcess('order-fulfilment', ORDER).then(() => {
      answered = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    makeDurable();
    await started;
    expect(answered).toBe(true);
  });
});
