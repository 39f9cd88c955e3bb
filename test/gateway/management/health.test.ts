/**
 * Which health group goes DOWN for which refusal: a full disk takes the engine out of readiness only (it lifts
 * by itself once there is room, so a restart would not help), a failed journal takes liveness down too.
 */
import type { EngineApi } from '../../../src/engine/engine-api';
import { OUT_OF_DISK_SPACE } from '../../../src/engine/journal/disk-space-monitor';
import { healthAt } from '../../../src/gateway/management/health';

const refusing = (reason: string | undefined) => ({ haltedBecause: () => reason }) as unknown as EngineApi;
const statuses = (engine: EngineApi) =>
  ['/actuator/health', '/actuator/health/readiness', '/actuator/health/status', '/actuator/health/liveness'].map(
    (path) => healthAt(path, engine)?.httpStatus,
  );

test('a full disk: not ready, still live', () => {
  expect(statuses(refusing(OUT_OF_DISK_SPACE))).toEqual([503, 503, 503, 200]);
});

test('a failed journal: neither ready nor live', () => {
  expect(statuses(refusing('the journal could not be written (ENOSPC)'))).toEqual([503, 503, 503, 503]);
});

test('taking commands: all UP', () => {
  expect(statuses(refusing(undefined))).toEqual([200, 200, 200, 200]);
  expect(healthAt('/actuator/info', refusing(undefined))).toBeUndefined();
});
