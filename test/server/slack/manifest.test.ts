// The Slack app manifest in the repository asks for the minimal scopes and points Slack at the
// three routes the server really serves (an unsigned request to each gets 401, not 404).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startTestServer, type TestServer } from '../../support/server-harness.js';

const manifest = readFileSync(join(repoRoot, 'server/slack/manifest.yml'), 'utf8');

/** The `- item` lines of the YAML list under `key:` (comments skipped). */
function listUnder(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  if (start < 0) return [];
  const indent = lines[start]!.search(/\S/);
  const items: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    if (l.search(/\S/) <= indent) break;
    const m = /^\s*- (\S+)\s*$/.exec(l);
    if (m) items.push(m[1]!);
  }
  return items;
}

describe('the Slack app manifest', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('asks for chat:write, commands and usergroups:read only', () => {
    expect(listUnder('bot')).toEqual(['chat:write', 'commands', 'usergroups:read']);
  });

  it('subscribes to the events the server records', () => {
    expect(listUnder('bot_events')).toEqual(['app_uninstalled', 'tokens_revoked']);
  });

  it('declares /secretgate and the three request URLs, each a route the server serves', async () => {
    expect(manifest).toMatch(/- command: \/secretgate\n/);
    const urls = [...manifest.matchAll(/(?:url|request_url): (https:\/\/secretgate\.example\.com(\/\S+))/g)].map((m) => m[2]!);
    expect(urls.sort()).toEqual(['/slack/commands', '/slack/events', '/slack/interactions']);
    for (const path of urls) {
      const res = await fetch(t.url + path, { method: 'POST', body: 'x=1' });
      expect(res.status).toBe(401);
    }
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/socket_mode_enabled: false/);
  });
});
