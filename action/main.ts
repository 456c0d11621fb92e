// The Action's entry point (ncc bundles it into dist/index.js): the whole step is run().
import { tuneForBatch } from './batch-tiering.js';
import { run } from './run.js';

tuneForBatch();
await run();
