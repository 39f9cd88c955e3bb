/**
 * Multipart uploads (`POST /v2/deployments`) within the request limits: a file over the per-file size, a
 * request over the per-request size (by Content-Length up front, else counted as it streams) or with too
 * many parts is a 413 naming the limit and its setting; a body that is not well-formed multipart is a 400.
 * Files are held in memory only up to those limits.
 */
import type { Writable } from 'node:stream';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { LIMIT_SETTINGS, type RequestLimits } from '../request-limits';
import { badRequest, RestProblem } from './problem';

const payloadTooLarge = (detail: string) => new RestProblem(413, 'Payload Too Large', detail);

function requestTooLarge(limits: RequestLimits) {
  return payloadTooLarge(
    `Maximum upload size exceeded: the multipart request is larger than ${limits.multipartMaxRequestSize} bytes (${LIMIT_SETTINGS.multipartMaxRequestSize})`,
  );
}

/** multer's `array(field)` with the limits applied and its errors turned into 400/413 problems. */
export function multipartFiles(field: string, limits: RequestLimits): RequestHandler {
  // multer 2 feeds busboy through `streamHandler` (not in its typings): the place to count the bytes
  const options: multer.Options & { streamHandler: (req: Request, busboy: Writable) => void } = {
    storage: multer.memoryStorage(),
    limits: {
      fileSize: limits.multipartMaxFileSize,
      fieldSize: limits.multipartMaxFileSize,
      parts: limits.multipartMaxPartCount,
    },
    streamHandler: (req, busboy) => {
      const declared = Number(req.headers['content-length']);
      let refused = false;
      const refuse = () => {
        if (refused) return;
        refused = true;
        busboy.emit('error', requestTooLarge(limits));
      };
      if (declared > limits.multipartMaxRequestSize) return refuse();
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > limits.multipartMaxRequestSize) refuse();
      });
      req.pipe(busboy);
    },
  };
  const upload = multer(options).array(field);
  return (req, res, next) => upload(req, res, (err?: unknown) => next(err && uploadProblem(err, field, limits)));
}

function uploadProblem(err: unknown, field: string, limits: RequestLimits): unknown {
  if (err instanceof RestProblem) return err;
  if (err instanceof multer.MulterError) {
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return payloadTooLarge(
          `Maximum upload size exceeded: the file '${(err as { filename?: string }).filename ?? err.field}' is larger than ${limits.multipartMaxFileSize} bytes (${LIMIT_SETTINGS.multipartMaxFileSize})`,
        );
      case 'LIMIT_FIELD_VALUE':
        return payloadTooLarge(
          `Maximum upload size exceeded: the field '${err.field}' is larger than ${limits.multipartMaxFileSize} bytes (${LIMIT_SETTINGS.multipartMaxFileSize})`,
        );
      case 'LIMIT_PART_COUNT':
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_FIELD_COUNT':
        return payloadTooLarge(
          `The multipart request has more than ${limits.multipartMaxPartCount} parts (${LIMIT_SETTINGS.multipartMaxPartCount})`,
        );
      case 'LIMIT_UNEXPECTED_FILE':
        return badRequest(`Unexpected multipart field '${err.field}'; the files go in '${field}'`);
      default:
        return badRequest(`The multipart request is malformed: ${err.message}${err.field ? ` ('${err.field}')` : ''}`);
    }
  }
  // busboy: no boundary, a cut-off body, a malformed part header
  return badRequest(`The multipart request is malformed: ${err instanceof Error ? err.message : String(err)}`);
}
