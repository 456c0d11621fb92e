// The CLI as one bundle (build/cli/), made from tsc's output by `npm run compile`. Loaded as
// some sixty separate modules, the rules and engine cost a range scan ~30 ms of start-up.
// Packages stay imports, resolved from node_modules as usual.
export default {
  input: 'build/action/cli.js',
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  output: { dir: 'build/cli', format: 'esm', cleanDir: true },
};
