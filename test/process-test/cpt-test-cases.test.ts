/**
 * The CPT JSON runner's parts that need no engine: the file check, which instruction types it knows (every
 * type of CPT's TestCaseInstructionType either runs or fails with its reason; a typo is "unknown"), reading
 * a job type and message catchers from a model.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkCptTestCases, checkInstructions, messageCatchers, readCptTestCases } from '../../src/process-test';
import { jobTypeAt } from '../../src/process-test/cpt/instructions';

const BPMN = (name: string) => readFileSync(path.join(__dirname, '..', '..', 'bpmn', name), 'utf8');

/** CPT 8.9's instruction types (io.camunda.process.test.api.dsl.TestCaseInstructionType) */
const CPT_TYPES = [
  'ASSERT_DECISION',
  'ASSERT_ELEMENT_INSTANCE',
  'ASSERT_ELEMENT_INSTANCES',
  'ASSERT_PROCESS_INSTANCE',
  'ASSERT_PROCESS_INSTANCE_MESSAGE_SUBSCRIPTION',
  'ASSERT_USER_TASK',
  'ASSERT_VARIABLES',
  'BROADCAST_SIGNAL',
  'COMPLETE_JOB',
  'COMPLETE_JOB_AD_HOC_SUB_PROCESS',
  'COMPLETE_JOB_USER_TASK_LISTENER',
  'COMPLETE_USER_TASK',
  'CREATE_PROCESS_INSTANCE',
  'EVALUATE_CONDITIONAL_START_EVENT',
  'EVALUATE_DECISION',
  'INCREASE_TIME',
  'MOCK_CHILD_PROCESS',
  'MOCK_DMN_DECISION',
  'MOCK_JOB_WORKER_COMPLETE_JOB',
  'MOCK_JOB_WORKER_THROW_BPMN_ERROR',
  'PUBLISH_MESSAGE',
  'CORRELATE_MESSAGE',
  'RESOLVE_INCIDENT',
  'SET_TIME',
  'THROW_BPMN_ERROR_FROM_JOB',
  'UPDATE_VARIABLES',
];

describe('CPT JSON test cases', () => {
  it('knows every CPT instruction type: each runs, or fails with why it cannot run here', () => {
    const unknown = CPT_TYPES.flatMap((type) => {
      try {
        checkInstructions({ name: type, instructions: [{ type }] });
        return [];
      } catch (err) {
        return (err as Error).message.includes('unknown instruction type') ? [type] : [];
      }
    });
    expect(unknown).toEqual([]);
    expect(() => checkInstructions({ name: 'dmn', instructions: [{ type: 'MOCK_DMN_DECISION' }] })).not.toThrow();
    expect(() => checkInstructions({ name: 'dmn', instructions: [{ type: 'ASSERT_DECISION' }] })).not.toThrow();
    expect(() =>
      checkInstructions({ name: 'ahsp', instructions: [{ type: 'COMPLETE_JOB_AD_HOC_SUB_PROCESS' }] }),
    ).toThrow(
      "test case 'ahsp': instruction 1 (COMPLETE_JOB_AD_HOC_SUB_PROCESS) is not supported: the embedded engine has no ad-hoc subprocesses",
    );
    expect(() =>
      checkInstructions({ name: 'typo', instructions: [{ type: 'COMPLETE_JOB' }, { type: 'PUBLISH_MESAGE' }] }),
    ).toThrow(/instruction 2 \(PUBLISH_MESAGE\): unknown instruction type 'PUBLISH_MESAGE'; known: .*PUBLISH_MESSAGE/);
  });

  it('checks a file names its test cases and gives each instruction a type', () => {
    expect(() => checkCptTestCases({}, 'f.json')).toThrow('f.json: testCases must be an array');
    expect(() => checkCptTestCases({ testCases: [{ instructions: [] }] }, 'f.json')).toThrow(
      'f.json: testCases[0].name must be a string',
    );
    expect(() => checkCptTestCases({ testCases: [{ name: 'a', instructions: [{}] }] }, 'f.json')).toThrow(
      "testCases[0].instructions[0] must be an object with a string 'type'",
    );
    // Web Modeler's extra fields (processId, metadata) are allowed, as CPT's schema allows more properties
    const file = readCptTestCases(path.join(__dirname, '..', 'scenarios', 'order-fulfilment.json'));
    expect(file.testCases.length).toBeGreaterThan(0);
    expect(() =>
      checkCptTestCases({ processId: 'p', testCases: [{ name: 'a', instructions: [], metadata: {} }] }),
    ).not.toThrow();
  });

  it('reads the job type of an element, and where a model catches messages', () => {
    const orders = BPMN('order-fulfilment.bpmn');
    expect(jobTypeAt(orders, 'mark-order-completed')).toBe('set-order-status');
    expect(jobTypeAt(orders, 'void-late-shipment')).toBe('cancel-shipment');
    expect(jobTypeAt(orders, 'order-completed')).toBeUndefined();

    expect(messageCatchers(BPMN('customer-onboarding.bpmn'))).toEqual([
      expect.objectContaining({
        elementId: 'wait-kickoff',
        kind: 'receiveTask',
        messageName: 'kickoff-completed',
        correlationKey: '=customerId',
      }),
      expect.objectContaining({
        elementId: 'cancellation-requested',
        kind: 'startEvent',
        messageName: 'onboarding-cancelled',
      }),
    ]);
  });
});
