// The review page a ReviewResponse's `url` and the Slack message link to. It shows status and
// decision only: the page is reachable by anyone who has the (unguessable) review ID, so the
// findings stay in Slack and the API.
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../deps.js';
import { decisionWords, getReview } from '../store/reviews.js';

export function pageRoutes(deps: AppDeps): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.get('/reviews/:id', (c) => {
    const id = c.req.param('id');
    const review = id.length <= 100 ? getReview(deps.db, id) : undefined;
    if (!review) return c.html(<p>No such review.</p>, 404);
    const decided = review.status !== 'pending' && review.decidedAt;
    return c.html(
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>secretgate review {review.id}</title>
        </head>
        <body>
          <h1>{review.repository}</h1>
          <p>
            Status: <strong data-status={review.status}>{decisionWords[review.status]}</strong>
          </p>
          <p>
            {review.findingCount} finding(s) at commit <code>{review.headSha.slice(0, 10)}</code>
            {review.ref ? <> on <code>{review.ref}</code></> : null}
          </p>
          <p>Deadline: {new Date(review.deadlineMs).toISOString()}</p>
          {decided ? (
            <p>
              Decided by {review.decidedByName ?? review.decidedBy} at {review.decidedAt}
              {review.decisionReason ? `: ${review.decisionReason}` : ''}
            </p>
          ) : null}
        </body>
      </html>,
    );
  });
  return pages;
}
