// Shapes of the labelled evaluation corpus.
import type { Rng } from './rng.js';

export type LabelKind = 'secret' | 'decoy';

/** One labelled line. `line` is 1-based. A multi-line secret (a PEM block) is labelled on its `-----BEGIN` line. */
export interface CorpusLabel {
  line: number;
  kind: LabelKind;
  provider: string;
  format: string;
}

export interface CorpusFile {
  /** `/`-separated path relative to the corpus root. */
  path: string;
  /** `\n`-separated lines, ending with a newline. */
  text: string;
  labels: CorpusLabel[];
}

/** The file syntaxes the generator writes. */
export type Family =
  | 'env'
  | 'sh'
  | 'dockerfile'
  | 'py'
  | 'js'
  | 'go'
  | 'java'
  | 'yaml'
  | 'json'
  | 'properties'
  | 'tf'
  | 'xml'
  | 'toml'
  | 'ini'
  | 'npmrc'
  | 'pem'
  | 'css'
  | 'html'
  | 'md'
  | 'ps1'
  | 'cs'
  | 'rb'
  | 'php';

export interface ExtraLabel {
  at: number;
  kind: LabelKind;
  provider: string;
  format: string;
}

/** Several lines for one item; `at` indexes the line that carries the item's label. */
export interface Block {
  lines: string[];
  at: number;
  extra?: ExtraLabel[];
}

export type RawLine = (v: string, r: Rng) => string;
export type BlockFn = (v: string, r: Rng, indent: string) => Block;

/** How to produce one labelled item (a secret or a decoy) in the files that can hold it. */
export interface ItemSpec {
  kind: LabelKind;
  provider: string;
  format: string;
  /** The value; random bodies come from the PRNG. */
  value?: (r: Rng) => string;
  /** Variable names (space-separated words) for `name = value` forms. */
  names?: string[];
  /** Families where the `name = value` form is used; default: every code/config family. */
  assignIn?: Family[];
  /** Whole lines with the value embedded, by family. */
  raw?: Partial<Record<Family, RawLine[]>>;
  /** Multi-line forms, by family. */
  block?: Partial<Record<Family, BlockFn>>;
  /** Relative frequency among specs of the same kind (default 1). */
  weight?: number;
}
