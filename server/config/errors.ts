// The one error a configuration problem is reported with: it names the variable, and its message
// never repeats a credential's value. `secretgate serve` prints it and exits 2.
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}
