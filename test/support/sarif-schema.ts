// Validates a document against the OASIS SARIF 2.1.0 schema (test/fixtures/sarif-2.1.0-rtm.5.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
// The package is CommonJS: its class is the default export's `default`.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
const validate = ajv.compile(schema);

/** The first schema violations, as JSON, or '' when `doc` is valid SARIF 2.1.0. */
export function sarifSchemaErrors(doc: unknown): string {
  return validate(doc) ? '' : JSON.stringify(validate.errors?.slice(0, 3));
}
