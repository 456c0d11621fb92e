// The Action's entry point (ncc bundles it into dist/index.js): the whole step is run().
import { run } from './run.js';

await run();
