// A keyword's tail is read off the rule's regex only where every match must have it: a wrong
// tail would drop lines that hold a secret, so each shape it refuses is tested too.
import { describe, expect, it } from 'vitest';
import { keywordTailOf, TO_LINE_END } from '../../action/engine/keyword-tail.js';
import type { Rule } from '../../action/engine/types.js';

function rule(keywords: string[], regex: RegExp, extra: Partial<Rule> = {}): Rule {
  return { id: 't', description: 't', severity: 'high', keywords, regex, truePositives: [], falsePositives: [], ...extra };
}

const admitsBefore = (tail: ReturnType<typeof keywordTailOf>, chars: string) => [...Buffer.from(chars)].every((b) => tail!.before![b] === 1);
const tailMin = (r: Rule) => keywordTailOf(r)?.min ?? 0;
const admits = (tail: ReturnType<typeof keywordTailOf>, chars: string) => [...Buffer.from(chars)].every((b) => tail!.bytes[b] === 1);

describe('keywordTailOf', () => {
  it('reads a prefix and its repeated class after a guard', () => {
    const tail = keywordTailOf(rule(['pat'], /\b(pat[A-Za-z0-9]{14}\.[a-f0-9]{64})(?![A-Za-z0-9])/));
    expect(tail?.min).toBe(14);
    expect(admits(tail, 'aZ09')).toBe(true);
    expect(admits(tail, '.')).toBe(false);
    expect(admits(tail, '\n')).toBe(false);
    expect(keywordTailOf(rule(['re_'], /(?<![\w-])(re_[A-Za-z0-9]{8}_[A-Za-z0-9]{20,32})/))?.min).toBe(8);
    expect(keywordTailOf(rule(['ser.'], /(?<![\w.])(ser\.[A-Za-z0-9]{22})(?![\w.-])/))?.min).toBe(22);
    expect(keywordTailOf(rule(['xoxb-'], /\b(xoxb-\d+-[A-Za-z0-9]+)/))?.min).toBe(1);
  });

  it('reads keywords written as alternatives, with or without a literal after them', () => {
    expect(keywordTailOf(rule(['ghp_', 'gho_'], /\b((?:ghp|gho)_[A-Za-z0-9]{36})/))?.min).toBe(36);
    const aws = keywordTailOf(rule(['akia', 'asia'], /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/));
    expect(aws?.min).toBe(16);
    expect(admits(aws, '/')).toBe(false);
    expect(keywordTailOf(rule(['akia', 'asia'], /(?:AKIA|ASIA)[A-Z0-9]{16}/))?.min).toBe(16);
  });

  it('matches the keyword in any case, and widens the class under the i flag', () => {
    const tail = keywordTailOf(rule(['api-'], /\b(API-[A-Z0-9]{26})\b/));
    expect(tail?.min).toBe(26);
    expect(admits(tail, 'a')).toBe(false);
    expect(admits(keywordTailOf(rule(['api-'], /\b(API-[A-Z0-9]{26})\b/i)), 'a')).toBe(true);
  });

  it('admits the bytes of other characters only for a class that admits them', () => {
    expect(keywordTailOf(rule(['k_'], /\b(k_[^\s"']{20})/))!.bytes[0xc3]).toBe(1);
    expect(keywordTailOf(rule(['k_'], /\b(k_[a-z]{20})/))!.bytes[0xc3]).toBe(0);
  });

  it('reads what may stand before the keywords from a \\b or a lookbehind guard', () => {
    const named = keywordTailOf(rule(['etsy'], /(?<![a-z0-9])(?:etsy)[\w.-]{0,30}?key/i));
    expect(named?.min).toBe(0);
    expect(admitsBefore(named, ' _.=-"')).toBe(true);
    expect(admitsBefore(named, 'gG7')).toBe(false);
    // Without the i flag a lookbehind of lower case lets a capital stand before the name.
    expect(admitsBefore(keywordTailOf(rule(['etsy'], /(?<![a-z0-9])etsy[_-]key/)), 'G')).toBe(true);
    const bounded = keywordTailOf(rule(['pat'], /\b(pat[A-Za-z0-9]{14})/));
    expect(bounded?.min).toBe(14);
    expect(admitsBefore(bounded, '_a9')).toBe(false);
    expect(admitsBefore(bounded, ' .-')).toBe(true);
    // A non-ASCII character before is never ruled out here.
    expect(named!.before![0xc3]).toBe(1);
  });

  it("reads a multiline rule's keyword as ending its line where the regex says so", () => {
    const block = keywordTailOf(rule(['data:'], /data:[ \t]*\r?\n[ \t]+(\w+)/, { multiline: { begin: 'data:' } }));
    expect(block?.min).toBe(TO_LINE_END);
    expect(admits(block, ' \t\r')).toBe(true);
    expect(admits(block, '(')).toBe(false);
    // Text may follow on the line, or the keyword is not the begin: no tail.
    expect(keywordTailOf(rule(['data:'], /data:[^\n]*\n(\w+)/, { multiline: { begin: 'data:' } }))).toBeUndefined();
    expect(keywordTailOf(rule(['kind:'], /data:[ \t]*\r?\n(\w+)/, { multiline: { begin: 'data:' } }))).toBeUndefined();
  });

  it('gives no before where the guard or the keyword is not written out', () => {
    // The keyword's last character optional, a guard of another kind, a \b before a non-word keyword.
    expect(keywordTailOf(rule(['secrets'], /\bsecrets?\s*=/))?.before).toBeUndefined();
    expect(keywordTailOf(rule(['etsy'], /(?<=[ =])etsy_key/))?.before).toBeUndefined();
    expect(keywordTailOf(rule(['.login('], /\b\.login\(/))?.before).toBeUndefined();
    expect(keywordTailOf(rule(['etsy'], /(?<![a-z0-9])(?:etsy|esty)_key/))).toBeUndefined();
  });

  it('gives none where a match need not go on with the class', () => {
    // An alternative that could start otherwise, at the top or in the keyword's group.
    expect(tailMin(rule(['pat'], /\b(pat[A-Z]{14})|foo/))).toBe(0);
    expect(tailMin(rule(['pat'], /\b(pat[A-Z]{14}|patx)/))).toBe(0);
    // Optional repeats, an optional part first, text between, more keywords than one.
    expect(tailMin(rule(['pat'], /\b(pat[A-Z]{0,14})/))).toBe(0);
    expect(tailMin(rule(['pat'], /\b(pat[A-Z]*)/))).toBe(0);
    expect(tailMin(rule(['sl.'], /\b(sl\.(?:u\.)?[A-Za-z0-9]{130})/))).toBe(0);
    // Alternatives that do not name exactly the rule's keywords.
    expect(tailMin(rule(['ghp_'], /\b((?:ghp|gho)_[A-Za-z0-9]{36})/))).toBe(0);
    expect(tailMin(rule(['ghp_', 'gho_', 'ghu_'], /\b((?:ghp|gho)_[A-Za-z0-9]{36})/))).toBe(0);
    expect(tailMin(rule(['ghp_', 'gho_'], /\b((?:ghp|gho)?_[A-Za-z0-9]{36})/))).toBe(0);
    // A keyword that is not the literal the regex opens with, or a literal longer than it.
    expect(tailMin(rule(['token'], /\b(pat[A-Z]{14})/))).toBe(0);
    expect(tailMin(rule(['pa'], /\b(pat[A-Z]{14})/))).toBe(0);
    // A name-assignment rule, a named group, multiline rules.
    expect(tailMin(rule(['zoom'], /(?<![a-z0-9])zoom[\w.-]{0,30}?secret/))).toBe(0);
    expect(tailMin(rule(['pat'], /\b(?<v>pat[A-Z]{14})/))).toBe(0);
    expect(tailMin(rule(['pat'], /\b(pat[A-Z]{14})/, { multiline: { begin: 'pat' } }))).toBe(0);
  });
});
