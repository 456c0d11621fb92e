// The claims GitHub puts in a job's OIDC token, shaped as in GitHub's example token (IDs are
// strings of digits; `workflow_ref` names the workflow the run started from, `job_workflow_ref`
// the one the job runs, which differ when the job calls a reusable workflow). Shared by the OIDC
// stand-ins, so every test token looks like a real one.
import { createHash } from 'node:crypto';

/** A stable numeric ID for a name (a repository or an owner), as GitHub would have given it. */
export function githubId(name: string): string {
  return String(createHash('sha256').update(name.toLowerCase()).digest().readUInt32BE(0));
}

export interface JobClaims {
  repository: string;
  /** Default: the repository's own `.github/workflows/ci.yml` on refs/heads/main. */
  job_workflow_ref?: string;
  repository_id?: string;
  [claim: string]: unknown;
}

/** Every claim of a push to main of `repository` running its own ci.yml; `claims` override any. */
export function githubJobClaims(claims: JobClaims): Record<string, unknown> {
  const [owner = ''] = claims.repository.split('/');
  const workflowRef = `${claims.repository}/.github/workflows/ci.yml@refs/heads/main`;
  return {
    ref: 'refs/heads/main',
    ref_type: 'branch',
    sha: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
    repository_owner: owner,
    repository_owner_id: githubId(owner),
    repository_id: githubId(claims.repository),
    repository_visibility: 'private',
    actor: 'octocat',
    actor_id: '583231',
    run_id: '7000000001',
    run_number: '12',
    run_attempt: '1',
    runner_environment: 'github-hosted',
    workflow: 'ci',
    head_ref: '',
    base_ref: '',
    event_name: 'push',
    workflow_ref: workflowRef,
    workflow_sha: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
    job_workflow_ref: workflowRef,
    job_workflow_sha: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
    ...claims,
  };
}

/** `sub` as GitHub's default template writes it for a branch, or for a pull request. */
export function githubSubject(claims: Record<string, unknown>): string {
  return claims['event_name'] === 'pull_request' ? `repo:${String(claims['repository'])}:pull_request` : `repo:${String(claims['repository'])}:ref:${String(claims['ref'])}`;
}
