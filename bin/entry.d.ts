/** The CLI module to load, relative to the package root `root` (a directory URL). */
export function cliEntry(root: URL): string;
