// A finding as detect() returns it. The raw value (and the value-derived legacy fingerprint)
// are private fields read through getters: JSON.stringify, Object.keys, a spread and
// structuredClone all leave them out, as they did the non-enumerable properties before, and
// every finding has one shape instead of one per combination of defineProperty calls.
import type { Finding, RawFinding, Severity } from './types.js';

/** A finding's reported fields, as detect() builds them (the line's marker as a plain boolean). */
export type FindingFields = Omit<Finding, 'legacyFingerprint' | 'kind' | 'allowedInline'> & { allowedInline: boolean };

export class DetectedFinding implements RawFinding {
  // Declared, not defined: a field absent from a finding is not an own property of it, so the
  // enumerable fields are those (and in that order) the object literal before had.
  declare ruleId: string;
  declare description: string;
  declare severity: Severity;
  declare file: string;
  declare line: number;
  declare column: number;
  declare endColumn: number;
  declare commit?: string;
  declare author?: string;
  declare email?: string;
  declare date?: string;
  declare redacted: string;
  declare provider?: string;
  declare fingerprint: string;
  declare entropy: number;
  declare gitleaksFingerprint: string;
  declare allowedInline?: true;
  readonly #secret: string;
  readonly #legacyFingerprint: string | undefined;

  constructor(f: FindingFields, secret: string, legacyFingerprint: string | undefined) {
    this.ruleId = f.ruleId;
    this.description = f.description;
    this.severity = f.severity;
    this.file = f.file;
    this.line = f.line;
    this.column = f.column;
    this.endColumn = f.endColumn;
    if (f.commit !== undefined) this.commit = f.commit;
    if (f.author !== undefined) this.author = f.author;
    if (f.email !== undefined) this.email = f.email;
    if (f.date !== undefined) this.date = f.date;
    this.redacted = f.redacted;
    if (f.provider !== undefined) this.provider = f.provider;
    this.fingerprint = f.fingerprint;
    this.entropy = f.entropy;
    this.gitleaksFingerprint = f.gitleaksFingerprint;
    if (f.allowedInline) this.allowedInline = true;
    this.#secret = secret;
    this.#legacyFingerprint = legacyFingerprint;
  }

  /** The raw value: for masking and keyed fingerprints in this process only, never a report. */
  get secret(): string {
    return this.#secret;
  }

  /** Value-derived and unkeyed: for the approval server's request only, never a report. */
  get legacyFingerprint(): string | undefined {
    return this.#legacyFingerprint;
  }
}
