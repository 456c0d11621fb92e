// Text written into a regex source as itself.

/** `text` with every character a regex gives a meaning to escaped (`/` and `-` too, for sources read back). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
