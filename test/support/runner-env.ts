// The environment GitHub's runner gives an action on a push, set on this process for tests that
// run the Action's code in-process (readSettings and what calls it), and taken back afterwards.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Sets a push's runner variables on `process.env` (event file, workspace and temp dir under
 * `dir`; no `INPUT_*` left from before), with `overrides` on top. Returns what puts the
 * environment back as it was.
 */
export function setRunnerEnv(dir: string, overrides: Record<string, string> = {}): () => void {
  const saved = { ...process.env };
  const event = join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main', before: 'a'.repeat(40), after: 'b'.repeat(40) }));
  for (const k of Object.keys(process.env)) if (k.startsWith('INPUT_')) delete process.env[k];
  Object.assign(process.env, {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'acme/widgets',
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: join(dir, 'ws'),
    RUNNER_TEMP: join(dir, 'tmp'),
    ...overrides,
  });
  return () => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  };
}
