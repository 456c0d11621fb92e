// What the server says of an environment at start: `VARIABLE: message`, or `accepted`.
import { ConfigError, loadConfig } from '../../server/config/index.js';

export function configProblem(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return `${err.variable}: ${err.message}`;
    throw err;
  }
  return 'accepted';
}
