/**
 * Baton's process-test toolkit: Camunda Process Test (Java) for TypeScript, on any Camunda 8.8 REST v2 API —
 * the embedded engine, a testcontainers Camunda or an external cluster — because it reads state only
 * through REST v2 searches. Usage (see docs/process-testing.md):
 *
 *   const engine = await startEngine();                      // test/support/engine.ts
 *   const pt = createProcessTest(engine, { suite: 'orders' });
 *   const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: 'order', variables });
 *   await pt.expectProcessInstance(processInstanceKey).toBeWaitingAt('wait-payment');
 *   await pt.clock.advance('PT2H');                           // PUT /v2/clock
 *   await pt.clock.skipToNextTimer(processInstanceKey);       // or: just past the next timer, whatever its duration
 *   await pt.completeJob('charge-payment', { charged: true });
 *   await pt.throwBpmnError('ship', 'NO_CARRIER');
 *   const order = pt.expectProcessInstance(processInstanceKey);
 *   await order.toBeCompleted();                              // also toBeActive(), toBeTerminated()
 *   await order.toHavePassedElements('charge-payment', 'refund-payment');
 *   await order.toHavePassedElementsInOrder('charge-payment', 'refund-payment');
 *   await order.toHavePassedExactly(...everyCompletedElementInOrder);
 *   await order.toHaveIncident({ elementId: 'charge-payment', messageContains: 'declined' });
 *   await order.toHaveVariables({ status: 'paid' });
 *   pt.mockJobWorker('ship').thenComplete({ tracking: 'T1' }); // keeps handling jobs until the test ends
 *   await pt.mockDmnDecision('credit-check').thenReturn({ approved: true }); // stub decision, deleted after the test
 *   const suite = useProcessTest(startEngine, { resetBetweenTests: true }); // jest hooks; suite.pt in tests
 *   await pt.expectUserTask('approve').toHaveAssignee('anna');
 *   expect.extend(processTestMatchers); await expect(order).not.toHavePassedElements('refund-payment');
 *   describeCptTestCases(['test/scenarios/orders.json'], () => pt); // CPT JSON test cases, one jest test each
 *   await expectUpgradeStrandsNothing(pt, { processDefinitionId: 'order', newModelXml }); // upgrade check
 *   untestedPaths(explorePaths(model), model, instances);    // path explorer
 *   await pt.writeCoverage();                                 // afterAll, before engine.close()
 *
 * Every assertion polls (default 10 s, PROCESS_TEST_TIMEOUT_MS) and fails with the instance's element
 * history in activation order. Negative assertions hold only on reads a settle window after the call
 * (settleMs, PROCESS_TEST_SETTLE_MS; consistency.ts), since a lagging cluster shows absence at once. Coverage: coverage/report-files.ts and test/process-test/global-teardown.ts.
 */
export type { DueTimer, InstancesUnderTest, ProcessTestClock, RunUntilIdleOptions } from './clock';
export { parseIsoDuration } from './clock';
export type { ResetSummary } from './cluster-reset';
export { resetCluster } from './cluster-reset';
export type { ModelElement, ModelFlow, ProcessModel } from './coverage/bpmn-model';
export { readProcessModels } from './coverage/bpmn-model';
export type { CoverageBaseline } from './coverage/coverage-check';
export {
  baselineOf,
  checkCoverage,
  readCoverageBaseline,
  writeCoverageBaseline,
} from './coverage/coverage-check';
export type {
  ElementCoverage,
  FlowCoverage,
  ModelCoverage,
  ModelSource,
  ProcessCoverageReport,
} from './coverage/coverage-report';
export { buildCoverageReport, formatCoverageTable } from './coverage/coverage-report';
export { diagramFileName, renderDiagramPage } from './coverage/diagram-page';
export { renderCoverageHtml } from './coverage/html-report';
export type { InstanceCoverage } from './coverage/instance-coverage';
export { derivedFlows, readInstanceCoverage } from './coverage/instance-coverage';
export {
  clearCoverageParts,
  defaultCoverageDir,
  readCoverageParts,
  startCoverageRun,
  writeCoveragePart,
  writeCoverageReport,
} from './coverage/report-files';
export type { TestCoverage } from './coverage/test-breakdown';
export { coverageByTest } from './coverage/test-breakdown';
export { checkInstructions, describeCptTestCases, runCptTestCase, SUPPORTED_INSTRUCTIONS } from './cpt/run-test-case';
export type { CptInstruction, CptTestCase, CptTestCaseFile } from './cpt/test-case';
export { checkCptTestCases, readCptTestCases } from './cpt/test-case';
export { formatHistory } from './element-history';
export type { ElementSelector } from './element-selector';
export { byName, byType } from './element-selector';
export type { ProcessTestMatchers } from './jest-matchers';
export { processTestMatchers } from './jest-matchers';
export type { BpmnErrorOptions, JobSelector, ProcessTestJobs } from './jobs';
export type { MessageCatcher } from './message-catchers';
export { messageCatchers } from './message-catchers';
export type { DecisionMock } from './mock-dmn-decision';
export { decisionStub } from './mock-dmn-decision';
export type { MockJobActions, MockJobHandler, MockJobWorker, MockJobWorkers } from './mock-job-worker';
export type { ExploredPaths, ModelPath, PathOptions } from './paths/path-explorer';
export { explorePaths, formatPath, pathSkeleton, untestedPaths } from './paths/path-explorer';
export type { ElementState, IncidentExpectation } from './process-instance-assert';
export { ProcessInstanceAssert } from './process-instance-assert';
export type { ProcessTest, ProcessTestFixture, ProcessTestOptions } from './process-test';
export { createProcessTest } from './process-test';
export type { ActivatedJobItem, ElementInstanceItem, IncidentItem, ProcessInstanceItem, RestApi } from './rest-api';
export type { UserTaskItem } from './rest-commands';
export type { TestScope } from './test-scope';
export type { UpgradeCheckOptions, UpgradeReport } from './upgrade/check-upgrade';
export { checkUpgrade, expectUpgradeStrandsNothing } from './upgrade/check-upgrade';
export type { MappingInstruction, StrandedElement, StrandingAnalysis } from './upgrade/stranded-elements';
export { formatStranding, strandedBy } from './upgrade/stranded-elements';
export type { ProcessTestHandle, UseProcessTestOptions } from './use-process-test';
export { useProcessTest } from './use-process-test';
export type { UserTaskSelector, UserTaskState } from './user-task-assert';
export { UserTaskAssert } from './user-task-assert';
