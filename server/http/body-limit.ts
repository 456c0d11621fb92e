// One answer for every JSON route's oversized body: 413 with the limit, and the connection
// closed, since the rest of the body is never read and the connection cannot be reused.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiError } from './responses.js';

export function jsonBodyLimit(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      c.header('Connection', 'close');
      return c.json(apiError('payload_too_large', `the body is larger than ${maxSize} bytes`), 413);
    },
  });
}
