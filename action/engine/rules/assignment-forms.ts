// How a name meets its value, in the forms languages and config files write it (#14, part 2).
// Regex source only, shared by the context rules (generic.ts, generic-forms.ts) and the
// provider rules' helpers (context.ts). Every quantifier is bounded (regex-reach.ts).

/**
 * A declared type between a name and its `=`: `: string`, `: &'static str`, `: string | undefined`,
 * `: Optional<String>`, `: std::string::String`. No `,` or `(`, so a parameter list
 * (`token: string, label = "…"`) is not read as one.
 */
export const TYPE = String.raw`[A-Za-z_&\[][\w<>.|&'\[\]?: ]{0,40}?`;

/**
 * Go's `var name TYPE = value`: one plain, pointer or slice type after a space, and a space
 * before the `=` (as gofmt writes it), so an XML element's attribute (`<privateKeySource class="…">`)
 * is not read as a type.
 */
export const GO_TYPE = String.raw`[ \t]{1,3}(?:\*|\[\])?[A-Za-z_][\w.]{0,30}[ \t]{1,3}=`;

/**
 * Assignment operators beyond `=` and `:`: Make's `::=`, `:::=`, `?=`, `+=`; PHP's `.=`; a
 * typed declaration (`: TYPE =`); Go's `NAME TYPE =`.
 */
export const OPERATORS = String.raw`:{1,3}=|[?+.]=|:[ \t]{0,3}${TYPE}[ \t]{0,3}=`;

/**
 * A call that wraps one literal and nothing else (`Optional.of("…")`, `String::from("…")`,
 * `[]byte("…")`), but not one that looks a value up (`os.Getenv("…")`, `config.get("…")`,
 * `std::env::var("…")`), nor one with more arguments (`MessageField('TypeName', 1)`).
 */
export const WRAPPER = String.raw`(?:\[\]byte|(?![\w.:]{0,30}?(?:get|env|read|load|fetch|lookup|find|query|param))[A-Za-z_][\w.:]{0,30})\([ \t]{0,3}(?=["'\`][^"'\`\n]{8,2000}["'\`][ \t]{0,3}\))`;

/** What ends a literal value: its quote, or an escaped newline of a string holding `NAME=value` lines. */
export const VALUE_END = String.raw`(?:["'\`]|\\[nr])`;

/**
 * What opens a literal value: its quote, or nothing when the value is a plain token that runs
 * to a quote or escaped newline (`"X-API-Key: value"`, `"DB_PASSWORD=value\n…"`). That token
 * comes right after `=` or `:` (not `f(kwarg="…")`), holds a digit (not `'header_name=' + x`),
 * no `%` (not URL-encoded text) and no `=` or `:` but base64's padding, and is not the `//host/…`
 * of a URL whose scheme was read as a name (`credential.https://…`). Without `=` and `:` in it,
 * what the lookaheads read from one name ends at the next name's separator
 * (`password=password=…` costs no more than `password="…`).
 */
export const VALUE_OPEN = String.raw`(?:["'\`]|(?<=[=:][ \t]{0,5})(?!\/\/)(?=[A-Za-z+/_.~!@#^*-]{0,1000}\d)(?=[A-Za-z0-9+/_.~!@#^*-]{8,1000}={0,2}${VALUE_END}))`;

/**
 * Names that are a secret only when they are the whole name: `auth: …`, `_auth=…` (.npmrc),
 * `bearer = …`. As part of a longer name they are everywhere in code (`oauth`, `authorName`).
 */
export const WHOLE_NAMES = '_?auth|bearer';

/** Prefilter keywords for {@link WHOLE_NAMES}: the name, then what starts its value. */
export const WHOLE_NAME_KEYWORDS = ['auth', 'bearer'].flatMap((name) => ['=', ':', ' =', ' :', '"', "'"].map((sep) => `${name}${sep}`));

/**
 * Where a line's `NAME VALUE` (space-separated) form can start: a .properties key at the start
 * of the line, or after Docker's `ENV`, Windows' `setx`, csh's `setenv` or fish's `set -x`.
 */
export const SPACED_PREFIX = String.raw`^(?:[ \t]{0,64}(?:ENV|setx|setenv|set[ \t]{1,5}-[A-Za-z]{1,4})[ \t]{1,5})?`;
