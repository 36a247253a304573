import { Settings } from '../../../src-preload/contract';
import type { Db } from './database';

export const DEFAULT_SETTINGS: Settings = {
  idleTtlMs: 30 * 60_000,
  maxLiveSessions: 10,
  permissionPolicy: 'ask',
  reaperGraceMs: 60 * 60_000,
};

/** Settings as one JSON value per key; unknown or invalid stored values fall back to defaults. */
export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
    const stored: Record<string, unknown> = {};
    for (const r of rows) {
      try {
        stored[r.key] = JSON.parse(r.value);
      } catch {
        // a corrupt value is ignored; the default applies
      }
    }
    const merged = { ...DEFAULT_SETTINGS, ...stored };
    const parsed = Settings.safeParse(merged);
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  update(patch: Partial<Settings>): Settings {
    const next = Settings.parse({ ...this.get(), ...patch });
    const stmt = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) stmt.run(k, JSON.stringify(v));
    })();
    return next;
  }
}
