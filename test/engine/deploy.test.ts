import { bpmnXml, serviceTask } from '../support/bpmn';
import { newEngine } from '../support/in-process';

const simple = (taskType = 'work') =>
  bpmnXml({
    id: 'simple',
    elements: `<bpmn:startEvent id="start"/>${serviceTask('task', taskType)}<bpmn:endEvent id="end"/>`,
    flows: ['start -> task -> end'],
  });

describe('deployment', () => {
  const engine = newEngine();
  afterAll(() => engine.close());

  test('versions per process id; identical XML returns the existing version', async () => {
    const first = await engine.deploy([{ name: 'simple.bpmn', content: simple() }]);
    const again = await engine.deploy([{ name: 'simple.bpmn', content: simple() }]);
    const changed = await engine.deploy([{ name: 'simple.bpmn', content: simple('other') }]);
    expect(first.processes[0]).toMatchObject({ bpmnProcessId: 'simple', version: 1 });
    expect(again.processes[0]).toEqual(first.processes[0]);
    expect(changed.processes[0]).toMatchObject({ bpmnProcessId: 'simple', version: 2 });
    expect(changed.processes[0].processDefinitionKey).not.toBe(first.processes[0].processDefinitionKey);
    expect(first.processes[0].processDefinitionKey).toMatch(/^\d{16}$/);
    expect(engine.createProcessInstance({ bpmnProcessId: 'simple' }).version).toBe(2);
    expect(engine.createProcessInstance({ bpmnProcessId: 'simple', version: 1 }).version).toBe(1);
  });

  const rejects = async (xml: string, ...patterns: RegExp[]) => {
    const attempt = engine.deploy([{ name: 'bad.bpmn', content: xml }]);
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const message = await attempt.catch((e: Error) => e.message);
    for (const p of patterns) expect(message).toMatch(p);
  };

  test('rejects what Zeebe rejects, naming the element', async () => {
    await rejects(simple().replace('isExecutable="true"', 'isExecutable="false"'), /at least one executable process/);
    await rejects(
      bpmnXml({
        id: 'p',
        elements: '<bpmn:startEvent id="start"/><bpmn:serviceTask id="no-def"/>',
        flows: ['start -> no-def'],
      }),
      /Element: no-def/,
      /zeebe:taskDefinition/,
    );
    await rejects(
      bpmnXml({
        id: 'p',
        elements:
          '<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="catch"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>',
        flows: ['start -> catch'],
        definitions: '<bpmn:message id="m" name="hello"/>',
      }),
      /Element: catch/,
      /correlation key/,
    );
    await rejects(
      bpmnXml({
        id: 'p',
        elements:
          '<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="catch"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>',
        flows: ['start -> catch'],
      }),
      /Element: catch/,
      /message with a name/,
    );
    await rejects(simple('= 1 +'), /Element: task/, /FEEL/);
    await rejects(
      bpmnXml({
        id: 'p',
        elements: '<bpmn:startEvent id="start"/><bpmn:complexGateway id="cg"/>',
        flows: ['start -> cg'],
      }),
      /Element: cg/,
      /not supported/,
    );
    await rejects('<not-bpmn', /not a readable BPMN document/);
    await rejects(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>${simple()}`, /DOCTYPE/);
  });

  test('a rejected deployment deploys nothing, even the valid resources in it', async () => {
    const before = [...engine.listProcessDefinitions()].length;
    const good = bpmnXml({
      id: 'good-one',
      elements: '<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>',
      flows: ['s -> e'],
    });
    await expect(
      engine.deploy([
        { name: 'good.bpmn', content: good },
        { name: 'bad.bpmn', content: '<oops' },
      ]),
    ).rejects.toThrow();
    expect([...engine.listProcessDefinitions()]).toHaveLength(before);
  });

  test('creating an instance of an unknown process is NOT_FOUND', () => {
    expect(() => engine.createProcessInstance({ bpmnProcessId: 'missing' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});
