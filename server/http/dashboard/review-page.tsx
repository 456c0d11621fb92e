// GET /reviews/:id: one review whole — its facts and links, the decision and reason, every
// finding (redacted preview only, linked to the line on GitHub), and its audit events in order
// under the verdict of the whole chain.
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { DashboardConfig } from '../../config/dashboard.js';
import { auditEventsOfReview, verifyAuditChain, type AuditEvent, type ChainVerdict } from '../../store/audit.js';
import type { FindingPayload } from '../../../shared/contract.js';
import { JOB_TIMED_OUT } from '../../../shared/decisions.js';
import { decisionWords } from '../../reviews/wording.js';
import { getFindings, getReview, type Review } from '../../store/reviews.js';
import type { Database } from '../../store/sqlite.js';
import { deciderText } from '../../slack/deciders.js';
import { actorText } from '../../slack/mrkdwn.js';
import { ExportButtons, Layout, Principal, StatusBadge, Time } from './layout.js';
import { isOnGitHub } from '../../github/web-urls.js';
import { githubCommitUrl, githubLineUrl, githubPullUrl, githubRepoUrl, safeHref, slackMessageUrl } from './links.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** One line a person can read for an audit event; the raw data stays in the exports. */
export function eventSummary(e: AuditEvent): string {
  const d = e.data;
  switch (e.type) {
    case 'review.created': {
      const n = Array.isArray(d['findings']) ? d['findings'].length : 0;
      const sha = str(d['headSha'])?.slice(0, 10) ?? '';
      const ref = str(d['ref']);
      return `${n} finding(s) at ${sha}${ref ? ` on ${ref}` : ''}`;
    }
    case 'review.remembered':
      return `every finding was decided before: ${Number(d['approved'] ?? 0)} approved, ${Number(d['false_positive'] ?? 0)} false positive`;
    case 'review.decided': {
      const decision = str(d['decision']);
      const words = decision && decision in decisionWords ? decisionWords[decision as keyof typeof decisionWords] : decision;
      const by = str(d['byName']);
      const reason = str(d['reason']);
      return `${words ?? 'decided'}${by ? ` by ${by}` : ''}${reason ? `: “${reason}”` : ''}`;
    }
    case 'review.expired':
      return d['reason'] === JOB_TIMED_OUT ? 'the job’s own timeout passed without a decision' : 'the deadline passed without a decision';
    case 'review.cancelled':
      return 'the job was cancelled';
    case 'decision.unauthorized':
    case 'decision.ignored':
      return str(d['reason']) ?? JSON.stringify(d);
    case 'audit.exported':
      return `${String(d['format'] ?? '').toUpperCase()} export of ${d['reviewId'] ? 'this review' : 'the whole log'}`;
    default:
      return JSON.stringify(d);
  }
}

const Fact: FC<{ label: string; children?: unknown }> = ({ label, children }) => (
  <>
    <dt>{label}</dt>
    <dd>{children ?? <span class="muted">—</span>}</dd>
  </>
);

const ExternalLink: FC<{ href: string | null; children?: unknown }> = ({ href, children }) =>
  href ? (
    <a href={href} rel="noopener noreferrer" target="_blank">
      {children}
    </a>
  ) : (
    <span class="muted">—</span>
  );

const DecisionPanel: FC<{ review: Review }> = ({ review }) => (
  <div class={`panel decision status-${review.status}`} id="decision">
    {review.status === 'pending' ? (
      <p>
        <strong>Waiting for a decision</strong> in Slack until <Time iso={new Date(review.deadlineMs).toISOString()} />. The job
        fails if nobody decides by then.
      </p>
    ) : (
      <>
        <div>
          <StatusBadge status={review.status} /> by{' '}
          <strong>
            <Principal text={deciderText(review)} id={review.decidedBy} showId={review.decidedByName !== null} />
          </strong>{' '}
          at <Time iso={review.decidedAt} />
        </div>
        <p class="reason">
          {review.decisionReason ? <>Reason: “{review.decisionReason}”</> : <span class="muted">No reason given.</span>}
        </p>
      </>
    )}
  </div>
);

const FindingRow: FC<{ review: Review; f: FindingPayload; n: number; github: string }> = ({ review, f, n, github }) => {
  const commit = f.commit ?? review.headSha;
  return (
    <tr data-finding={n}>
      <td class="num">{n}</td>
      <td>
        <span class={`badge sev-${f.severity}`}>{f.severity}</span>
      </td>
      <td>
        <strong>{f.ruleId}</strong>
        {f.kind === 'unscanned' ? <div class="tag" data-kind="unscanned">Not scanned</div> : null}
        {f.kind === 'config-change' ? <div class="tag" data-kind="config-change">Scan configuration changed</div> : null}
        {f.allowedInline ? <div class="tag" data-allowed-inline>Allowed inline by the author</div> : null}
        <div class="muted">{f.description}</div>
      </td>
      <td>
        <a class="mono" href={githubLineUrl(review.repository, commit, f.file, f.line, github)} rel="noopener noreferrer" target="_blank">
          {f.file}:{f.line}
        </a>
      </td>
      <td>
        <a class="mono" href={githubCommitUrl(review.repository, commit, github)} rel="noopener noreferrer" target="_blank">
          {commit.slice(0, 10)}
        </a>
        {f.author ? <div class="muted">{f.author}</div> : null}
      </td>
      <td>
        <code class="preview" data-redacted>
          {f.redacted}
        </code>
      </td>
      <td>
        <code class="muted" title={f.fingerprint}>
          {f.fingerprint.replace(/^sha256:/, '').slice(0, 12)}…
        </code>
      </td>
    </tr>
  );
};

const ChainBanner: FC<{ verdict: ChainVerdict; own: number }> = ({ verdict, own }) =>
  verdict.ok ? (
    <div class="chain ok" id="chain" data-chain="verified">
      ✓ Chain verified: all {verdict.events} events of the audit log link by hash (this review has {own}); head{' '}
      <code>{verdict.head.slice(0, 16)}…</code>
    </div>
  ) : (
    <div class="chain broken" id="chain" data-chain="broken">
      ✗ Chain broken at event {verdict.seq}: {verdict.reason}. Events from {verdict.seq} on cannot be trusted.
    </div>
  );

const EventRow: FC<{ e: AuditEvent; suspect: boolean }> = ({ e, suspect }) => (
  <tr data-seq={e.seq} data-type={e.type}>
    <td class="num">{e.seq}</td>
    <td>
      <Time iso={e.at} />
    </td>
    <td>
      <code>{e.type}</code>
      {suspect ? <div class="error">after the break</div> : null}
    </td>
    <td>{e.actor ?? <span class="muted">—</span>}</td>
    <td class="event-data">{eventSummary(e)}</td>
    <td>
      <code class="muted" title={e.hash}>
        {e.hash.slice(0, 12)}
      </code>
    </td>
  </tr>
);

/** `github`: GitHub's web origin from the configuration (Config.githubServerUrl). */
export function reviewPage(c: Context, db: Database, dashboard: DashboardConfig, csrf: string, github: string) {
  const id = c.req.param('id') ?? '';
  const review = id.length <= 100 ? getReview(db, id) : undefined;
  const nonce = c.get('cspNonce');
  if (!review) {
    return c.html(
      <Layout title="No such review" nonce={nonce} csrf={csrf}>
        <h1>No such review</h1>
        <p class="panel">
          There is no review with this ID. <a href="/reviews">All reviews</a>
        </p>
      </Layout>,
      404,
    );
  }
  const findings = getFindings(db, review.id);
  const events = auditEventsOfReview(db, review.id);
  const verdict = verifyAuditChain(db);
  const slackUrl =
    review.slackChannel && review.slackTs ? slackMessageUrl(review.slackChannel, review.slackTs, dashboard.slackWorkspaceUrl) : null;
  const repoUrl = githubRepoUrl(review.repository, github);
  // Checked at creation; a run stored before that check, or on another host since, is not linked.
  const runUrl = isOnGitHub(review.runUrl, github) ? safeHref(review.runUrl) : null;

  return c.html(
    <Layout title={`Review of ${review.repository}`} nonce={nonce} csrf={csrf}>
      <p class="sub">
        <a href="/reviews">← All reviews</a>
      </p>
      <h1>
        {review.repository} <StatusBadge status={review.status} />
      </h1>
      <p class="sub">
        {review.findingCount} finding(s) · review <code>{review.id}</code> · times in your zone (<span data-viewer-zone>UTC</span>)
      </p>

      <h2>Decision</h2>
      <DecisionPanel review={review} />

      <h2>Details</h2>
      <dl class="facts">
        <Fact label="Repository">
          <ExternalLink href={repoUrl}>{review.repository}</ExternalLink>
        </Fact>
        <Fact label="Ref">{review.ref ? <code>{review.ref}</code> : null}</Fact>
        <Fact label="Commit">
          <a class="mono" href={githubCommitUrl(review.repository, review.headSha, github)} rel="noopener noreferrer" target="_blank">
            {review.headSha}
          </a>
        </Fact>
        {review.baseSha ? (
          <Fact label="Base">
            <code>{review.baseSha}</code>
          </Fact>
        ) : null}
        {review.pullRequest ? (
          <Fact label="Pull request">
            <ExternalLink href={githubPullUrl(review.repository, review.pullRequest, github)}>#{review.pullRequest}</ExternalLink>
          </Fact>
        ) : null}
        <Fact label="Pushed by">{review.actor}</Fact>
        <Fact label="Requested by">
          <Principal text={actorText(review.requestedBy)} id={review.requestedBy} />
        </Fact>
        <Fact label="Created">
          <Time iso={review.createdAt} />
        </Fact>
        <Fact label="Deadline">
          <Time iso={new Date(review.deadlineMs).toISOString()} />
        </Fact>
        <Fact label="Workflow run">
          <ExternalLink href={runUrl}>{runUrl ? 'Open the workflow run' : null}</ExternalLink>
        </Fact>
        <Fact label="Slack">
          {slackUrl ? (
            <span id="slack-link">
              <ExternalLink href={slackUrl}>Open the review message in Slack</ExternalLink>
            </span>
          ) : (
            <span class="muted">not posted yet</span>
          )}
        </Fact>
      </dl>

      <h2>Findings ({findings.length})</h2>
      <table id="findings">
        <thead>
          <tr>
            <th>#</th>
            <th>Severity</th>
            <th>Rule</th>
            <th>Where</th>
            <th>Commit</th>
            <th>Preview</th>
            <th>Fingerprint</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f, i) => (
            <FindingRow review={review} f={f} n={i + 1} github={github} />
          ))}
        </tbody>
      </table>
      <p class="muted">Previews show a few leading characters and the length; secretgate never stores the value itself.</p>

      <div class="section-head">
        <h2>Audit trail</h2>
        <ExportButtons csrf={csrf} reviewId={review.id} label="Export this trail:" />
      </div>
      <ChainBanner verdict={verdict} own={events.length} />
      <table id="audit">
        <thead>
          <tr>
            <th>#</th>
            <th>When</th>
            <th>Event</th>
            <th>Actor</th>
            <th>What</th>
            <th>Hash</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <EventRow e={e} suspect={!verdict.ok && e.seq >= verdict.seq} />
          ))}
        </tbody>
      </table>
    </Layout>,
  );
}
