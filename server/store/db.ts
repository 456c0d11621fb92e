// Opens the server's database: the file, its pragmas, and the schema at the latest version.
import { migrate } from './migrations.js';
import { openDatabase, type Database, type OpenOptions } from './sqlite.js';

export function openStore(path: string, options: OpenOptions = {}): Database {
  const db = openDatabase(path, options);
  try {
    if (!options.readonly) migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
