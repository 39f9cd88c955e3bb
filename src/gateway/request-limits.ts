/**
 * How large one request to the engine's gateways may be, with Camunda 8.8's defaults and setting names:
 * Zeebe's `maxMessageSize` (4 MB) bounds a gRPC message and a JSON body; Spring's multipart limits bound
 * `POST /v2/deployments` (4 MB per file and per request, as Camunda's REST API ships) and Tomcat's
 * `max-part-count` (50) the number of parts. A refused request never reaches the engine, so nothing of it
 * is written to the journal.
 */

export interface RequestLimits {
  /** bytes of one gRPC message or JSON body (ZEEBE_BROKER_NETWORK_MAXMESSAGESIZE) */
  maxMessageSize: number;
  /** bytes of one uploaded file (SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE) */
  multipartMaxFileSize: number;
  /** bytes of a whole multipart request (SPRING_SERVLET_MULTIPART_MAX_REQUEST_SIZE) */
  multipartMaxRequestSize: number;
  /** parts (files and fields) of a multipart request (SERVER_TOMCAT_MAX_PART_COUNT) */
  multipartMaxPartCount: number;
}

const FOUR_MB = 4 * 1024 * 1024;

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  maxMessageSize: FOUR_MB,
  multipartMaxFileSize: FOUR_MB,
  multipartMaxRequestSize: FOUR_MB,
  multipartMaxPartCount: 50,
};

/** The environment variable that changes each limit, named in the answer that refuses a request. */
export const LIMIT_SETTINGS: Record<keyof RequestLimits, string> = {
  maxMessageSize: 'ZEEBE_BROKER_NETWORK_MAXMESSAGESIZE',
  multipartMaxFileSize: 'SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE',
  multipartMaxRequestSize: 'SPRING_SERVLET_MULTIPART_MAX_REQUEST_SIZE',
  multipartMaxPartCount: 'SERVER_TOMCAT_MAX_PART_COUNT',
};
