import express, { type RequestHandler } from 'express';
import { AppError } from '../shared/errors.js';

/** A TaskRouter callback is a few kilobytes; attributes are capped at 4,096 characters each. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Refuses anything but a form body before reading it, then parses it flat (`extended: false`:
 * bracketed keys stay literal, as the signature was computed over them).
 */
export function parseFormBody(): RequestHandler[] {
  const requireForm: RequestHandler = function requireForm(req, _res, next) {
    if (!req.is('application/x-www-form-urlencoded')) {
      throw new AppError('ERR_BODY_CONTENT_TYPE');
    }
    next();
  };
  const parse = express.urlencoded({ extended: false, limit: MAX_BODY_BYTES, parameterLimit: 200 });
  return [requireForm, parse];
}
