// Regex fragments and builders that several rule files share: how a name meets its value, a
// provider-named variable, a UUID. Each returns regex source (or a RegExp built from it), so a
// rule that uses one compiles to exactly the pattern it would have written out by hand.
import { GO_TYPE, OPERATORS } from './assignment-forms.js';

/**
 * `name = value`, `name: value`, `"name": "value"`, `name := value`, `name => value`, and the
 * forms of assignment-forms.ts: `name ?= value`, `name .= "value"`, `name: &str = "value"`,
 * `var name string = "value"`.
 */
export const assign = String.raw`["']?[ \t]{0,5}(?::=|=>|[:=]{1,2}|${OPERATORS}|${GO_TYPE})[ \t]{0,5}["']?`;

/**
 * How a provider-named setting meets its value, more loosely than {@link assign}: up to 20 more
 * name characters, then `=`, `:`, `=>`, `:=`, a call `f("name", "value")`, a typed declaration
 * `name: string = "value"` or `var name string = "value"`, Make's and PHP's operators
 * (assignment-forms.ts), or .NET's `key="name" value="value"`.
 */
export const looseAssign = `[\\w.-]{0,20}(?:["'\`]?\\]?\\s{0,5}(?:[:=>]{1,3}|\\(\\s{0,3}|${OPERATORS})|${GO_TYPE}|["'\`]\\s{0,3},|["'\`]\\s{1,5}value\\s{0,3}=)\\s{0,5}["'\`]?`;

/** A UUID in hex digits of either case. */
export const uuid = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** A UUID in lower-case hex digits (any case when the rule's regex has the `i` flag). */
export const lowercaseUuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * `<service>…<secret word>… = <value>` with {@link assign}, case-insensitive, value in group 1.
 * `service` and `secretWords` are regex source; `secretWords` is wrapped in a group.
 */
export function named(service: string, secretWords: string, value: string): RegExp {
  return new RegExp(
    String.raw`${service}[\w.-]{0,25}?(?:${secretWords})[\w-]{0,10}${assign}(${value})(?![A-Za-z0-9_-])`,
    'i',
  );
}

/**
 * `<name>…<suffix> = <value>` with {@link looseAssign}: one of the provider's `names` (not inside
 * a longer word), then a word saying what the value is. Case-insensitive, value in group 1.
 */
export function looselyNamed(names: string, value: string, nameSuffix = '(?:token|key|secret)'): RegExp {
  return new RegExp(`(?<![a-z0-9])(?:${names})[\\w.-]{0,30}?${nameSuffix}${looseAssign}(${value})(?![A-Za-z0-9_=-])`, 'i');
}
