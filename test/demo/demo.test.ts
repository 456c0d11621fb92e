import { describe, expect, it } from 'vitest';
import { planted } from '../support/planted.js';
import { DEMO_BLOCK_REASON, runDemo } from './demo.js';

describe('npm run demo, unattended', () => {
  it('runs the loop to a block, shows the Slack message and never the planted value', async () => {
    let out = '';
    const result = await runDemo({ interactive: false, autoDecision: 'block', color: false, write: (t) => void (out += t) });
    expect(result.exitCode).toBe(1);
    expect(result.decision).toBe('rejected');
    expect(out).toContain('[ Approve ]  [ False positive ]  [ Block ]');
    // Block asks why in a modal, as Slack would; the reason reaches the job's failure message.
    expect(out).toContain(`Error: Blocked by u0approver (U0APPROVER): ${DEMO_BLOCK_REASON}.`);
    expect(out).toContain('click → job exit');
    expect(out).not.toContain(planted.githubPat);
  });
});
