// Parses the `timeout` input. Kept apart from settings so the CLI and tests can share it.

const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * `30m`, `45s`, `1h30m`, `2h`, or a bare number of seconds → seconds.
 * Throws with the input name in the message, so the user knows which setting to fix.
 */
export function parseDuration(text: string, inputName = 'timeout'): number {
  const trimmed = text.trim();
  const fail = (): never => {
    throw new Error(`Invalid ${inputName} '${text}'. Expected a duration such as 30m or 45s.`);
  };
  if (/^\d+$/.test(trimmed)) return positive(Number(trimmed), fail);
  if (!/^(\d+[smhd])+$/.test(trimmed)) return fail();
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) {
    total += Number(amount) * (unitSeconds[unit!] ?? 0);
  }
  return positive(total, fail);
}

function positive(seconds: number, fail: () => never): number {
  if (!Number.isSafeInteger(seconds) || seconds <= 0) fail();
  return seconds;
}

/** 90 → `1m30s`, for messages. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].join('');
}
