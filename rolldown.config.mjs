// The CLI as one bundle (build/cli-bundle/), made from tsc's output by `npm run compile`. Loaded
// as some sixty separate modules, the rules and engine cost a range scan ~30 ms of start-up.
// Packages stay imports, resolved from node_modules as usual.
export default {
  input: 'build/cli/main.js',
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  output: { dir: 'build/cli-bundle', format: 'esm', cleanDir: true },
};
