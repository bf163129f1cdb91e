const HOUR_MS = 60 * 60 * 1000;
const JAPAN_OFFSET_MS = 9 * HOUR_MS;
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** ISO 8601 with the Japan offset, as Antom writes times in bodies (spec/antom-au.md §2). */
export function formatAntomTime(instant: Date): string {
  const local = new Date(instant.getTime() + JAPAN_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+09:00`;
}

/**
 * The first instant a paid payment can no longer be cancelled: 00:15 UTC+8 on the day after the
 * payment's UTC+8 date (spec/antom-au.md §7; au is not listed separately).
 */
export function cancelWindowClosesAt(paidAt: Date): Date {
  const local = new Date(paidAt.getTime() + CHINA_OFFSET_MS);
  const nextDay = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  return new Date(nextDay + 15 * 60 * 1000 - CHINA_OFFSET_MS);
}
