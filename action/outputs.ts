// The step's outputs, set in one place so every path (pass, fail, error) sets all of them.
import * as core from '@actions/core';

/** `approved`, `false_positive`, `rejected`, `expired`, `cancelled`, `clean`, `unreviewed`, `error`. */
export type Decision = string;

export interface Outputs {
  decision: Decision;
  findings: number;
  reviewUrl?: string;
  sarifFile?: string;
}

export function setOutputs(outputs: Outputs): void {
  core.setOutput('decision', outputs.decision);
  core.setOutput('findings', String(outputs.findings));
  core.setOutput('review-url', outputs.reviewUrl ?? '');
  core.setOutput('sarif-file', outputs.sarifFile ?? '');
}
