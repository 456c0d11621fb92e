// A text file's bytes as a fragment of only the lines some rule could match, as `--range`
// reads git's output: the line sieve runs over the raw bytes and the other lines (most lines
// of most code) are never decoded. The fragment finds what the whole text would.
import { reachAfter, type LineSieve } from '../engine/line-sieve.js';
import type { Fragment } from '../engine/types.js';

const NL = 10;
const CR = 13;

/**
 * The kept lines of `buf[0, length)`, numbered as in the file, each with the rules the sieve
 * found on it; a line within MULTILINE_REACH bytes after a multiline rule's keyword is kept too
 * (NAME_REACH after a name-begun rule's), as diff-parser.ts keeps them: a dropped line between a
 * name and a value two lines down would otherwise bring the two together.
 * `buf[length]` must exist: a newline is written there, so the last line ends like the others.
 * A CR before a line's newline is dropped, as the whole-text reading turns CRLF into LF.
 */
export function sievedFragment(file: string, buf: Buffer, length: number, sieve: LineSieve): Fragment {
  buf[length] = NL;
  const parts: string[] = [];
  const lineNumbers: number[] = [];
  const rules: (readonly number[] | undefined)[] = [];
  let reachEnd = 0;
  let lineNumber = 1;
  for (let start = 0; start < length; lineNumber++) {
    const nl = sieve.line(buf, start, length + 1);
    const verdict = sieve.verdict;
    const inReach = start < reachEnd;
    reachEnd = reachAfter(verdict, nl + 1, reachEnd);
    if (verdict !== 0 || inReach) {
      const end = nl < length && nl > start && buf[nl - 1] === CR ? nl - 1 : nl;
      parts.push(buf.toString('utf8', start, end));
      lineNumbers.push(lineNumber);
      rules.push(verdict === 0 ? undefined : sieve.rules);
    }
    start = nl + 1;
  }
  return { file, text: parts.join('\n'), lineNumbers, keywordHits: { sieve, rules } };
}
