/**
 * Every model in bpmn/ lints clean with bpmnlint:recommended + camunda-compat (Camunda 8.8): no errors and
 * no warnings. On failure the problems are printed, element id first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bpmnFiles, lintBpmnFile, lintBpmnText, parseBpmn } from './bpmn-files';

describe('bpmn/ models', () => {
  const files = bpmnFiles();

  it('include both processes', () => {
    expect(files.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(['order-fulfilment.bpmn', 'customer-onboarding.bpmn']),
    );
  });

  it.each(files.map((f) => [path.basename(f), f]))('%s lints without errors or warnings', async (_name, file) => {
    const problems = await lintBpmnFile(file);
    const report = problems.map((p) => `${p.file} ${p.elementId ?? '-'} ${p.category} ${p.rule}: ${p.message}`);
    expect(report).toEqual([]);
  });

  it.each(files.map((f) => [path.basename(f), f]))(
    '%s parses with the zeebe extension without warnings',
    async (_name, file) => {
      const xml = readFileSync(file, 'utf8');
      const { definitions, warnings } = await parseBpmn(xml);
      expect(warnings).toEqual([]);
      expect(definitions.$attrs['modeler:executionPlatform']).toBe('Camunda Cloud');
      expect(definitions.$attrs['modeler:executionPlatformVersion']).toBe('8.8.0');
    },
  );

  it('conditional events (Camunda 8.9, which the engine runs) pass the element-type rule; 8.8 rules stay', async () => {
    const xml = readFileSync(files[0], 'utf8');
    const conditional = xml.replace(
      /(<bpmn:startEvent [^>]*>)/,
      '$1<bpmn:conditionalEventDefinition id="cond"><bpmn:condition xsi:type="bpmn:tFormalExpression">= x &gt; 1</bpmn:condition></bpmn:conditionalEventDefinition>',
    );
    expect(conditional).not.toBe(xml);
    const problems = await lintBpmnText(conditional);
    expect(problems.filter((p) => p.rule.includes('element-type'))).toEqual([]);
  });

  it('the linter catches a broken model (so a clean result means something)', async () => {
    const broken = readFileSync(files[0], 'utf8').replace(/<zeebe:taskDefinition [^>]*\/>/, '');
    const problems = await lintBpmnText(broken);
    expect(problems.some((p) => p.rule.includes('implementation') && p.category === 'error')).toBe(true);
  });
});
