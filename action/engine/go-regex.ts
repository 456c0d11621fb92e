// gitleaks configs hold Go (RE2) regexes. Most are valid JavaScript once inline flags,
// named groups and POSIX classes are rewritten.

const POSIX: Record<string, string> = {
  alnum: 'A-Za-z0-9', alpha: 'A-Za-z', digit: '0-9', lower: 'a-z', upper: 'A-Z', space: '\\s',
  xdigit: '0-9A-Fa-f', word: '\\w', punct: '!-\\/:-@\\[-`{-~', blank: ' \\t', cntrl: '\\x00-\\x1f',
  print: ' -~', graph: '!-~', ascii: '\\x00-\\x7f',
};

/** Translates a Go regex to a JavaScript RegExp; throws SyntaxError when it can't. */
export function compileGoRegex(source: string): RegExp {
  const flags = new Set<string>();
  let src = source;
  // Whole-pattern and scoped flag groups: JavaScript on Node 20 has neither, so a scoped
  // `(?i:…)` widens to the whole pattern (it may match a little more, never less).
  src = src.replace(/\(\?([imsU]+)\)/g, (_all, f: string) => {
    for (const c of f) if (c !== 'U') flags.add(c);
    return '';
  });
  src = src.replace(/\(\?([imsU]+):/g, (_all, f: string) => {
    for (const c of f) if (c !== 'U') flags.add(c);
    return '(?:';
  });
  src = src.replace(/\(\?P</g, '(?<');
  src = src.replace(/\\z/g, '$').replace(/\\A/g, '^');
  src = src.replace(/\[:(\^?)([a-z]+):\]/g, (all, neg: string, name: string) => {
    const cls = POSIX[name];
    if (!cls || neg) return all;
    return cls;
  });
  return new RegExp(src, [...flags].join(''));
}
