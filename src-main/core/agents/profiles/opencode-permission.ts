/**
 * opencode reads `OPENCODE_PERMISSION` (JSON) last and merges it over every config it loaded, so
 * this is how BooCoder makes opencode ask before it touches anything outside the session's
 * directory without replacing the user's own opencode config. A value the user set themselves is
 * kept, with only `external_directory` forced to "ask".
 */
export function externalDirectoryAsk(existing: string | undefined): string {
  let parsed: unknown;
  try {
    parsed = existing ? JSON.parse(existing) : undefined;
  } catch {
    parsed = undefined;
  }
  const base = typeof parsed === 'string' ? { '*': parsed } : typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
  return JSON.stringify({ ...base, external_directory: 'ask' });
}
