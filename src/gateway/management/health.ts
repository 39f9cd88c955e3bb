/**
 * Spring Boot actuator health as Zeebe's management port answers it, with its groups (liveness, readiness,
 * startup, status; compose files probe `status`). Readiness and status are DOWN (503) while the engine
 * refuses commands (a failed journal, or a disk below ENGINE_DISK_FREE_MIN): a load balancer stops sending it
 * work. Liveness is DOWN only for a failed journal, which nothing but a restart lifts (engine-admission.ts);
 * a full disk lifts by itself once there is room, so restarting the process would not help.
 */
import type { EngineApi } from '../../engine/engine-api';
import { OUT_OF_DISK_SPACE } from '../../engine/journal/disk-space-monitor';

export type HealthStatus = 'UP' | 'DOWN';

export interface HealthAnswer {
  httpStatus: number;
  body: { status: HealthStatus; groups?: string[] };
}

const answer = (up: boolean, groups?: string[]): HealthAnswer => ({
  httpStatus: up ? 200 : 503,
  body: { status: up ? 'UP' : 'DOWN', ...(groups ? { groups } : {}) },
});

/** The answer of one /actuator/health path, or undefined for a path that is not one of them. */
export function healthAt(path: string, engine: EngineApi): HealthAnswer | undefined {
  const refused = engine.haltedBecause();
  const ready = refused === undefined;
  const live = ready || refused.startsWith(OUT_OF_DISK_SPACE);
  switch (path) {
    case '/actuator/health':
      return answer(ready, ['liveness', 'readiness', 'startup', 'status']);
    case '/actuator/health/readiness':
    case '/actuator/health/status':
      return answer(ready);
    case '/actuator/health/startup':
      // answered only once the engine has opened: started
      return answer(true);
    case '/actuator/health/liveness':
      return answer(live);
    default:
      return undefined;
  }
}
