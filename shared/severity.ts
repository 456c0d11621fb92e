// How bad a finding is: set by its rule on the runner, used by the server to route and show it.

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export type Severity = (typeof SEVERITIES)[number];
