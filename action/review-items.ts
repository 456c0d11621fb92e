// What goes to review beside the secrets found: the parts the scan could not read, and the
// changes a push makes to the scan's own configuration. Each is shaped as a finding, so that it
// travels the same way (report, summary, review, Slack) and a decision on it is remembered by
// its fingerprint. Neither holds a secret: the fingerprint hashes where and what, not content.
import { createHash } from 'node:crypto';
import type { Finding } from './engine/types.js';
import { formatBytes } from './report/text.js';
import type { Skipped } from './scan.js';
import type { ConfigChange } from './trusted-config.js';

export const UNSCANNED_RULE = 'unscanned-file';
export const CONFIG_CHANGE_RULE = 'config-change';

// The server takes descriptions of up to 300 characters and previews of up to 200.
const MAX_DESCRIPTION = 300;

const REASONS: Record<string, string> = {
  'too-large': 'larger than the scan limit (scan.maxFileSize)',
  binary: 'git gave no text diff of it',
  unreadable: 'it could not be read',
};

export function unscannedItem(s: Skipped, salt: string): Finding {
  const size = s.bytes === undefined ? '' : formatBytes(s.bytes);
  return item({
    kind: 'unscanned',
    ruleId: UNSCANNED_RULE,
    description: `Not scanned: ${REASONS[s.reason] ?? s.reason}${size ? ` (${size})` : ''}`,
    file: s.file,
    commit: s.commit,
    redacted: [s.reason, size].filter(Boolean).join(', '),
    identity: [salt, s.commit ?? '', s.file, s.reason, String(s.bytes ?? '')],
  });
}

export function configChangeItem(c: ConfigChange, salt: string, head: string): Finding {
  const parts = [c.added.length > 0 && `adds ${c.added.join('; ')}`, c.removed.length > 0 && `removes ${c.removed.join('; ')}`].filter(Boolean);
  return item({
    kind: 'config-change',
    ruleId: CONFIG_CHANGE_RULE,
    description: clip(`Changes the scan's configuration: ${parts.join('; ')}`, MAX_DESCRIPTION),
    file: c.file,
    commit: head,
    redacted: `+${c.added.length} −${c.removed.length} entries`,
    identity: [salt, c.file, c.trustedBlob ?? '-', c.headBlob ?? '-'],
  });
}

function item(i: { kind: Finding['kind']; ruleId: string; description: string; file: string; commit: string | undefined; redacted: string; identity: string[] }): Finding {
  const hash = createHash('sha256').update(i.kind!);
  for (const part of i.identity) hash.update('\0').update(part);
  return {
    kind: i.kind,
    ruleId: i.ruleId,
    description: i.description,
    severity: 'high',
    file: i.file,
    line: 0,
    column: 0,
    endColumn: 0,
    ...(i.commit && { commit: i.commit }),
    redacted: i.redacted,
    fingerprint: hash.digest('hex'),
    entropy: 0,
    gitleaksFingerprint: `${i.commit ? `${i.commit}:` : ''}${i.file}:${i.ruleId}:0`,
  };
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
