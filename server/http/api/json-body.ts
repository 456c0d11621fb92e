// A JSON body validated by a zod schema through Hono's validator (@hono/zod-validator), so the
// handler reads a typed `c.req.valid('json')`: `readJson(), validJson(schema)` on a route. Our answers stay the API's: 400 `invalid_json`
// for a body that does not parse, 400 `invalid_request` naming the first field that does not fit.
import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../deps.js';
import { firstIssue } from '../issues.js';
import { apiError } from '../responses.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

export interface JsonBodyOptions {
  /** The message of a body that is not JSON. */
  invalidJson?: string;
  /** What an empty body reads as; without it, an empty body is not JSON. */
  empty?: unknown;
}

/**
 * Parses the body whatever its Content-Type (the API has always read its body as JSON), and
 * makes sure the validator reads it: Hono's reads JSON only under a JSON Content-Type, and
 * would see `{}` otherwise (a cancel's `{"reason":"timeout"}` would become a plain cancel).
 */
export function readJson(options: JsonBodyOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const text = await c.req.text();
    let value: unknown;
    if (options.empty !== undefined && text.trim().length === 0) value = options.empty;
    else {
      try {
        value = JSON.parse(text);
      } catch {
        return c.json(apiError('invalid_json', options.invalidJson ?? 'the body is not valid JSON'), 400);
      }
    }
    c.set('jsonBody', value);
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    if (!JSON_MEDIA_TYPE.test(mediaType) || text.trim().length === 0) {
      // What the validator reads: a JSON request with the same body (`{}` for none). It parses
      // the text again, a second JSON.parse that is cheap beside the rest of the request.
      const headers = new Headers(c.req.raw.headers);
      headers.set('content-type', 'application/json');
      c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, body: JSON.stringify(value), signal: c.req.raw.signal });
      c.req.bodyCache = {};
    }
    await next();
  };
}

/** `zValidator('json', schema)` after `readJson`, answering a schema's refusal with the API's error. */
export function validJson<S extends z.ZodType>(schema: S) {
  return zValidator('json', schema, (result, c) => {
    if (!result.success) return c.json(apiError('invalid_request', firstIssue(result.error)), 400);
    return undefined;
  });
}
