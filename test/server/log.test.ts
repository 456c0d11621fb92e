// The server's logs (pino): one JSON object a line with the level's name, and no credential in
// any of them, whichever way it was handed to the logger.
import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../../server/log.js';

const PLANTED = 'xoxb-4242-PLANTEDbottoken-9d8c7b6a';
const CONFIGURED = 'f0e1d2c3b4a5-PLANTED-signing-secret';
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

function capture(level: LogLevel = 'debug') {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (l) => void lines.push(l), redactValues: [CONFIGURED] });
  return { logger, lines };
}

describe('logs', () => {
  it('writes one JSON line per call with the level by name, its time and message', () => {
    const { logger, lines } = capture();
    for (const level of LEVELS) logger[level]('listening', { port: 8080 });
    expect(lines).toHaveLength(4);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => p['level'])).toEqual(LEVELS);
    for (const p of parsed) expect(p).toMatchObject({ msg: 'listening', port: 8080, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(lines.every((l) => l.endsWith('\n') && l.includes('"msg":"listening"'))).toBe(true);
  });

  for (const level of LEVELS) {
    it(`never writes a planted credential at ${level}`, () => {
      const { logger, lines } = capture();
      const child = logger.child({ reviewId: 'r1', token: PLANTED });
      child[level]('slack call failed', {
        token: PLANTED, // a redact path
        request: { botToken: PLANTED, headers: { authorization: `Bearer ${PLANTED}` } }, // paths one level down
        deep: { a: { b: { clientSecret: PLANTED, session_cookie: PLANTED } } }, // any depth, by key name
        detail: `signed with ${CONFIGURED}`, // a configured secret inside a value
        error: new Error(`Slack refused ${CONFIGURED}`),
      });
      expect(lines).toHaveLength(1);
      const line = lines[0]!;
      expect(line).not.toContain('PLANTED');
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(parsed).toMatchObject({ level, msg: 'slack call failed', reviewId: 'r1', token: '[redacted]', detail: 'signed with [redacted]' });
      expect(parsed['error']).toEqual({ name: 'Error', message: 'Slack refused [redacted]' });
    });
  }

  it('writes nothing below its level (SECRETGATE_LOG_LEVEL)', () => {
    const { logger, lines } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.child({ x: 1 }).info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['w', 'e']);
  });
});
