import { describe, expect, it } from 'vitest';
import type { Finding } from '../../action/engine/types.js';
import { toSarif } from '../../action/report/sarif.js';
import { sarifSchemaErrors } from '../support/sarif-schema.js';

const finding: Finding = {
  ruleId: 'github-pat',
  description: 'GitHub personal access token',
  severity: 'high',
  file: 'src/my config#1.js',
  line: 2,
  column: 11,
  endColumn: 51,
  commit: 'c0ffee1234567890c0ffee1234567890c0ffee12',
  author: 'Ada',
  redacted: 'ghp_Ab…(40 chars)',
  fingerprint: 'f'.repeat(64),
  entropy: 4.5,
  gitleaksFingerprint: 'x',
};

type Sarif = { runs: { automationDetails: { id: string; description?: { text: string } } }[] };
const sarifFor = (target: string) => toSarif([finding], { version: '1.2.3', target }) as Sarif;
/** What GitHub code scanning takes as the analysis category: the id up to its last '/'. */
const category = (id: string) => id.slice(0, id.lastIndexOf('/') + 1);

describe('toSarif', () => {
  it('writes SARIF 2.1.0 that validates against the schema, with findings and without', () => {
    expect(sarifSchemaErrors(sarifFor('push: refs/heads/main a..b'))).toBe('');
    expect(sarifSchemaErrors(toSarif([], { version: '1.2.3', target: 'staged' }))).toBe('');
  });

  it('keeps one code scanning category whatever the range, so alerts match and close across branches and runs', () => {
    const targets = [
      'push: refs/heads/main 1111111..2222222',
      'push: refs/heads/feature/login-v2 (new branch) 3333333',
      'pull_request #7: 4444444..5555555',
      'origin/main..HEAD',
    ];
    const ids = targets.map((t) => sarifFor(t).runs[0]!.automationDetails.id);
    expect(new Set(ids.map(category))).toEqual(new Set(['secretgate/']));
    expect(ids.every((id) => id === 'secretgate/')).toBe(true);
  });

  it('still says what was scanned, in the automation details\' description', () => {
    expect(sarifFor('pull_request #7: 4444444..5555555').runs[0]!.automationDetails.description?.text).toBe(
      'secretgate scan of pull_request #7: 4444444..5555555',
    );
  });
});
