import { Camunda8 } from '@camunda8/sdk';
import { BpmnModdle } from 'bpmn-moddle';
import { evaluate } from 'feelin';

test('deps load', () => {
  expect(typeof BpmnModdle).toBe('function');
  expect(evaluate('a + 1', { a: 2 })).toEqual(expect.objectContaining({ value: 3 }));
  expect(typeof Camunda8).toBe('function');
});
