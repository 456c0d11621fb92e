// GET /reviews: every review, newest first, filtered by status, repository and creation date
// (UTC days), 25 to a page.
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { ReviewStatus } from '../../../shared/decisions.js';
import { decisionWords } from '../../reviews/wording.js';
import { listReviews, REVIEW_STATUSES, reviewedRepositories, type ReviewFilter, type ReviewListItem } from '../../store/review-list.js';
import type { Database } from '../../store/sqlite.js';
import { deciderText } from '../../slack/deciders.js';
import { ExportButtons, Layout, Principal, StatusBadge, Time } from './layout.js';

export const PAGE_SIZE = 25;

export interface ListQuery {
  status: ReviewStatus | '';
  repository: string;
  /** YYYY-MM-DD (UTC), inclusive. */
  from: string;
  to: string;
  page: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(v: string | undefined): string {
  return v && DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : '';
}

/** Reads the filters; anything malformed is dropped rather than trusted. */
export function parseListQuery(q: Record<string, string | undefined>): ListQuery {
  const status = (REVIEW_STATUSES as readonly string[]).includes(q['status'] ?? '') ? (q['status'] as ReviewStatus) : '';
  const repository = (q['repository'] ?? '').trim().slice(0, 201);
  const page = /^\d{1,6}$/.test(q['page'] ?? '') ? Math.max(1, Number(q['page'])) : 1;
  return { status, repository, from: day(q['from']), to: day(q['to']), page };
}

export function toFilter(q: ListQuery): ReviewFilter {
  const f: ReviewFilter = {};
  if (q.status) f.status = q.status;
  if (q.repository) f.repository = q.repository;
  if (q.from) f.createdFrom = new Date(`${q.from}T00:00:00Z`).toISOString();
  if (q.to) f.createdBefore = new Date(Date.parse(`${q.to}T00:00:00Z`) + 24 * 3600 * 1000).toISOString();
  return f;
}

function pageHref(q: ListQuery, page: number): string {
  const p = new URLSearchParams();
  if (q.status) p.set('status', q.status);
  if (q.repository) p.set('repository', q.repository);
  if (q.from) p.set('from', q.from);
  if (q.to) p.set('to', q.to);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `/reviews?${s}` : '/reviews';
}

const Row: FC<{ r: ReviewListItem }> = ({ r }) => (
  <tr data-review-id={r.id}>
    <td>
      <StatusBadge status={r.status} />
    </td>
    <td>
      <a href={`/reviews/${encodeURIComponent(r.id)}`}>{r.repository}</a>
      <div class="muted mono">
        {r.ref ? r.ref.replace(/^refs\/heads\//, '') + ' · ' : ''}
        {r.headSha.slice(0, 10)}
      </div>
    </td>
    <td class="num">{r.findingCount}</td>
    <td>{r.actor ?? <span class="muted">—</span>}</td>
    <td>
      <Time iso={r.createdAt} />
    </td>
    <td>
      {r.status === 'pending' ? (
        <span class="muted">waiting</span>
      ) : (
        <>
          <Principal text={deciderText(r)} id={r.decidedBy} />
          <div class="muted">
            <Time iso={r.decidedAt} />
          </div>
        </>
      )}
    </td>
  </tr>
);

export function reviewListPage(c: Context, db: Database, csrf: string) {
  const q = parseListQuery(c.req.query());
  const { items, total } = listReviews(db, toFilter(q), { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total === 0 ? 0 : (q.page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, q.page * PAGE_SIZE);
  const repos = reviewedRepositories(db);
  return c.html(
    <Layout title="Reviews" nonce={c.get('cspNonce')} csrf={csrf}>
      <div class="section-head">
        <h1>Reviews</h1>
        <ExportButtons csrf={csrf} label="Export the whole audit log:" />
      </div>
      <p class="sub">
        Times are shown in your time zone (<span data-viewer-zone>UTC</span>).
      </p>
      <form class="filters" method="get" action="/reviews">
        <label>
          Status
          <select name="status">
            <option value="" selected={q.status === ''}>
              Any
            </option>
            {REVIEW_STATUSES.map((s) => (
              <option value={s} selected={q.status === s}>
                {decisionWords[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Repository (owner/name or owner)
          <input name="repository" value={q.repository} list="repositories" placeholder="acme/api" size={28} />
          <datalist id="repositories">
            {repos.map((r) => (
              <option value={r} />
            ))}
          </datalist>
        </label>
        <label>
          Created from (UTC day)
          <input type="date" name="from" value={q.from} />
        </label>
        <label>
          to
          <input type="date" name="to" value={q.to} />
        </label>
        <button type="submit">Filter</button>
        <a href="/reviews">Clear</a>
      </form>
      {items.length === 0 ? (
        <p class="panel">No review matches.</p>
      ) : (
        <table id="reviews">
          <thead>
            <tr>
              <th>Status</th>
              <th>Repository</th>
              <th>Findings</th>
              <th>Pushed by</th>
              <th>Created</th>
              <th>Decided by</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <Row r={r} />
            ))}
          </tbody>
        </table>
      )}
      <div class="pager">
        {q.page > 1 ? <a href={pageHref(q, q.page - 1)}>← Newer</a> : null}
        <span class="muted" data-range>
          {first}–{last} of {total} · page {Math.min(q.page, pages)} of {pages}
        </span>
        {q.page < pages ? <a href={pageHref(q, q.page + 1)}>Older →</a> : null}
      </div>
    </Layout>,
  );
}
