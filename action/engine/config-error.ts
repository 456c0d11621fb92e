// Its own module so the CLI can tell a config error without loading every rule first.
export class ConfigError extends Error {
  constructor(readonly source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'ConfigError';
  }
}
