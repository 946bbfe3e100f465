import type { ErrorRequestHandler, RequestHandler } from 'express';
import multer from 'multer';
import { AppError } from '../errors.ts';
import { errorBody, wantsJson } from '../http.ts';

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'not_found', `Nothing is at ${req.path}.`));
};

/** Errors that only say the client stopped sending: multer's, body-parser's, the socket's. */
const isClientAbort = (err: unknown): boolean => {
  const e = err as { message?: unknown; code?: unknown; type?: unknown } | null;
  return e?.message === 'Request aborted' || e?.type === 'request.aborted' || e?.code === 'ECONNRESET' || e?.code === 'ECONNABORTED';
};

/** Maps any error to a status and a message; never leaks stacks or SQL. Registered last. */
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  // the client went away mid-request (an upload cut off): nobody to answer, nothing to log
  if (req.socket.destroyed && isClientAbort(err)) return;
  let e: AppError;
  if (err instanceof AppError) e = err;
  else if (err instanceof multer.MulterError) {
    // upload limits (server/routes/pairs.ts): too big is 413, anything else unexpected in the form is 400
    e = ['LIMIT_FILE_SIZE', 'LIMIT_FIELD_VALUE', 'LIMIT_PART_COUNT'].includes(err.code)
      ? new AppError(413, 'too_large', 'The upload is larger than the server accepts. Send smaller files.')
      : new AppError(400, 'bad_upload', `The upload form was not as expected (${err.code.toLowerCase()}${err.field ? `: ${err.field}` : ''}).`);
  } else if (typeof err === 'object' && err && 'type' in err && (err as { type: string }).type === 'entity.too.large') {
    e = new AppError(413, 'too_large', 'The request is larger than the server accepts. Send smaller files.');
  } else if (typeof err === 'object' && err && 'type' in err && (err as { type: string }).type === 'entity.parse.failed') {
    e = new AppError(400, 'bad_json', 'The request body is not valid JSON.');
  } else if (typeof err === 'object' && err && 'status' in err && typeof (err as { status: unknown }).status === 'number'
    && (err as { status: number }).status < 500) {
    e = new AppError((err as { status: number }).status, 'bad_request', 'The request could not be read.');
  } else {
    // say what failed: a page that only reads changed nothing, a write was rolled back
    e = ['GET', 'HEAD'].includes(req.method)
      ? new AppError(500, 'internal', `Something went wrong on the server while reading ${req.path}; nothing was changed. Try again, and report it if it keeps happening.`)
      : new AppError(500, 'internal', 'Something went wrong on the server. The change was not saved; try again.');
  }
  if (e.status >= 500) console.error(err);
  res.status(e.status);
  if (wantsJson(req) || req.path.startsWith('/api/')) {
    res.json(errorBody(e));
  } else {
    res.render('errors/error', { title: `Error ${e.status}`, status: e.status, message: e.message });
  }
};
