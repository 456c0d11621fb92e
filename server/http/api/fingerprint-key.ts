// `GET /api/v1/fingerprint-key?repository=owner/name`: the key a job fingerprints its findings
// with, derived from the master key for that one repository, so a job's credential yields the key
// of the repositories it covers and no other. Mounted behind the API's authentication
// (http/api/index.ts). Every key handed out is audited; the key itself is never logged or stored.
import { Hono } from 'hono';
import { deriveFingerprintKey } from '../../../shared/fingerprint-key.js';
import { mayAccess } from '../../auth/principal.js';
import type { FingerprintKeyResponse } from '../../../shared/contract.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { appendAudit } from '../../store/audit.js';
import { hasLegacyDecisions } from '../../store/legacy-decisions.js';
import { forbiddenRepository } from './forbidden.js';
import { apiError } from '../responses.js';

const REPOSITORY = /^[\w.-]{1,100}\/[\w.-]{1,100}$/;

export function fingerprintKeyRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/fingerprint-key', (c) => {
    const principal = c.get('principal');
    const repository = c.req.query('repository') ?? '';
    if (!REPOSITORY.test(repository)) return c.json(apiError('invalid_request', 'repository must be owner/name'), 400);
    if (!mayAccess(principal, repository)) return forbiddenRepository(deps, c, principal, repository);
    const now = deps.now();
    appendAudit(deps.db, { type: 'fingerprint_key.issued', actor: principal.id, data: { repository } }, now);
    deps.logger.info('fingerprint key issued', { repository, by: principal.id });
    const body: FingerprintKeyResponse = {
      repository,
      key: deriveFingerprintKey(deps.fingerprintKey, repository).toString('base64'),
      legacyFingerprints: hasLegacyDecisions(deps.db, repository, now),
    };
    // A secret: no proxy or cache in between may keep it.
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  });
  return routes;
}
