// Where a command's messages go: the process's own streams, or a test's.
import { writeSync } from 'node:fs';

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CommandIo = {
  out: (s) => void writeSync(1, s),
  err: (s) => void writeSync(2, s),
};
