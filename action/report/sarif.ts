// SARIF 2.1.0 as GitHub code scanning reads it: rules with help, one result per finding,
// partial fingerprints that say where a finding is and never hash its value.
import { locationFingerprint } from '../engine/fingerprint.js';
import type { Finding, Severity } from '../engine/types.js';
import type { ReportMeta } from './meta.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
// GitHub maps security-severity to its critical/high/medium/low labels.
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

/** The code scanning category of every secretgate analysis (an id with no run part). */
export const SARIF_CATEGORY = 'secretgate/';

export interface SarifRuleInfo {
  id: string;
  description: string;
  severity: Severity;
}

export function toSarif(findings: readonly Finding[], meta: ReportMeta, rules: readonly SarifRuleInfo[] = []): object {
  const ruleIndex = new Map<string, number>();
  const sarifRules: object[] = [];
  const addRule = (r: SarifRuleInfo) => {
    if (ruleIndex.has(r.id)) return;
    ruleIndex.set(r.id, sarifRules.length);
    sarifRules.push({
      id: r.id,
      name: pascal(r.id),
      shortDescription: { text: r.description },
      fullDescription: { text: `${r.description} committed to the repository.` },
      help: { text: helpText(r.description), markdown: helpMarkdown(r.description) },
      defaultConfiguration: { level: LEVEL[r.severity] },
      properties: { tags: ['security', 'secret', 'external/cwe/cwe-798'], precision: 'high', 'security-severity': SECURITY_SEVERITY[r.severity] },
    });
  };
  for (const f of findings) addRule({ id: f.ruleId, description: f.description, severity: f.severity });
  for (const r of rules) if (findings.some((f) => f.ruleId === r.id)) addRule(r);

  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId)!,
    level: LEVEL[f.severity],
    message: {
      text: `${f.description} (${f.redacted})${f.commit ? ` added in commit ${f.commit.slice(0, 12)}` : ''}${f.author ? ` by ${f.author}` : ''}.`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file).replace(/[?#]/g, encodeURIComponent), uriBaseId: '%SRCROOT%' },
          // Line 0: the whole file (a part not scanned, a config change).
          ...(f.line > 0 && { region: { startLine: f.line, startColumn: f.column, endColumn: Math.max(f.endColumn, f.column + 1) } }),
        },
      },
    ],
    partialFingerprints: {
      // Set by us, so GitHub's uploader does not hash the line's text (value included) itself.
      primaryLocationLineHash: locationFingerprint(f.ruleId, f.file, f.commit, f.line).slice('loc:'.length),
      // Keyed (an HMAC no reader of the upload can recompute) or itself a location hash.
      'secretgate/v2': f.fingerprint,
    },
    properties: {
      redacted: f.redacted,
      ...(f.commit !== undefined && { commit: f.commit }),
      ...(f.author !== undefined && { author: f.author }),
      ...(f.date !== undefined && { date: f.date }),
    },
  }));

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'secretgate',
            semanticVersion: meta.version,
            version: meta.version,
            informationUri: 'https://github.com/secretgate/secretgate',
            rules: sarifRules,
          },
        },
        // GitHub takes everything before the last '/' of the id as the analysis category, and
        // matches alerts across runs within one category: it must not change with the range.
        automationDetails: { id: SARIF_CATEGORY, description: { text: `secretgate scan of ${meta.target}` } },
        results,
      },
    ],
  };
}

export function formatSarif(findings: readonly Finding[], meta: ReportMeta, rules: readonly SarifRuleInfo[] = []): string {
  return `${JSON.stringify(toSarif(findings, meta, rules), null, 2)}\n`;
}

function pascal(id: string): string {
  return id.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

function helpText(description: string): string {
  return `A ${description} was found in the code. Treat it as compromised: revoke or rotate it at the provider, update every place that uses it, check the provider's logs for use, then remove it from the repository history. If it is not a credential, mark the line with a 'secretgate:allow' comment or add an allowlist entry to .secretgate.toml.`;
}

function helpMarkdown(description: string): string {
  return [
    `**${description}** found in the code.`,
    '',
    '1. Revoke or rotate the credential at the provider.',
    '2. Update every service that uses it.',
    "3. Check the provider's logs for use since it was committed.",
    '4. Remove it from history (for example with `git filter-repo`).',
    '',
    "Not a credential? Add `secretgate:allow` in a comment on the line, or an allowlist entry in `.secretgate.toml`.",
  ].join('\n');
}
