// The benchmark's peer: a plain Hono + SQLite route pair with no auth, validation, audit,
// outbox or Slack — the floor of what this stack does on this machine right now, measured in
// the same run as secretgate so that the ratio, not the raw number, carries the comparison.
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openDatabase } from '../../server/store/sqlite.js';

const db = openDatabase(process.env['PEER_DB'] ?? ':memory:');
db.exec('CREATE TABLE IF NOT EXISTS r (id TEXT PRIMARY KEY, repository TEXT NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL)');
const app = new Hono();
app.get('/r/:id', (c) => {
  const row = db.prepare('SELECT id, repository, status FROM r WHERE id = ?').get(c.req.param('id'));
  return row ? c.json(row) : c.json({ error: 'not_found' }, 404);
});
app.post('/r', async (c) => {
  const body = await c.req.text();
  const id = randomUUID();
  db.prepare('INSERT INTO r (id, repository, status, body) VALUES (?, ?, ?, ?)').run(id, 'acme/api', 'pending', body);
  return c.json({ id, status: 'pending' }, 201);
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(JSON.stringify({ msg: 'listening', port: info.port, runtime: 'node', sqlite: db.driver }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
