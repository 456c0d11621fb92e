// The frame of every dashboard page: head (stylesheet, the nonce'd local-time script), the top
// bar with navigation and sign-out, and small shared pieces (status badge, <time>).
import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { ReviewStatus } from '../../../shared/decisions.js';
import { decisionWords } from '../../reviews/wording.js';

export const ASSETS = '/dashboard/assets';

export interface LayoutProps {
  title: string;
  nonce: string;
  /** Present when signed in: the top bar then shows navigation and a sign-out form. */
  csrf?: string;
  children?: Child;
}

export const Layout: FC<LayoutProps> = ({ title, nonce, csrf, children }) => (
  <>
    {raw('<!DOCTYPE html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title} · secretgate</title>
        <link rel="icon" href={`${ASSETS}/icon.svg`} type="image/svg+xml" />
        <link rel="stylesheet" href={`${ASSETS}/dashboard.css`} />
        <script src={`${ASSETS}/local-time.js`} nonce={nonce} defer></script>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/reviews">
            secretgate
          </a>
          <nav>{csrf !== undefined ? <a href="/reviews">Reviews</a> : null}</nav>
          {csrf !== undefined ? (
            <form method="post" action="/sign-out">
              <input type="hidden" name="csrf" value={csrf} />
              <button type="submit">Sign out</button>
            </form>
          ) : null}
        </header>
        <main>{children}</main>
      </body>
    </html>
  </>
);

export const StatusBadge: FC<{ status: ReviewStatus }> = ({ status }) => (
  <span class={`badge status-${status}`} data-status={status}>
    {decisionWords[status]}
  </span>
);

/**
 * Who did something, in words (deciderText, actorText), with the exact principal ID kept for
 * auditors in the title (and `data-principal`); `showId` also prints it in parentheses.
 */
export const Principal: FC<{ text: string; id: string | null; showId?: boolean }> = ({ text, id, showId }) => (
  <span class="principal" title={id ?? undefined} data-principal={id ?? undefined}>
    {text}
    {showId && id && id !== text ? ` (${id})` : null}
  </span>
);

/** UTC on the server; the viewer's zone once local-time.js has run. */
export const Time: FC<{ iso: string | null | undefined }> = ({ iso }) => {
  if (!iso) return <span class="muted">—</span>;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <span>{iso}</span>;
  const utc = d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return <time datetime={d.toISOString()}>{utc}</time>;
};

/** A form button that POSTs an export of the trail (whole log, or one review's events). */
export const ExportButtons: FC<{ csrf: string; reviewId?: string; label: string }> = ({ csrf, reviewId, label }) => (
  <span class="exports">
    <span class="muted">{label}</span>
    {(['jsonl', 'csv'] as const).map((format) => (
      <form class="inline" method="post" action="/audit/export">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="format" value={format} />
        {reviewId ? <input type="hidden" name="review" value={reviewId} /> : null}
        <button type="submit" data-export={format}>
          {format === 'jsonl' ? 'JSONL' : 'CSV'}
        </button>
      </form>
    ))}
  </span>
);
