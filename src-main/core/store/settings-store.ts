import { Settings } from '../../../src-preload/contract';
import type { Db } from './database';

export const DEFAULT_SETTINGS: Settings = {
  idleTtlMs: 30 * 60_000,
  maxLiveSessions: 10,
  permissionPolicy: 'ask',
  reaperGraceMs: 60 * 60_000,
  editorCommand: '',
  memoryBudgetBytes: 2 * 1024 ** 3,
};

/** Settings as one JSON value per key; unknown or invalid stored values fall back to defaults. */
export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
    const merged: Settings = { ...DEFAULT_SETTINGS };
    const shape = Settings.shape;
    for (const r of rows) {
      if (!Object.prototype.hasOwnProperty.call(shape, r.key)) continue;
      const key = r.key as keyof Settings;
      try {
        // Each key on its own: one bad stored value falls back to its default, not all of them.
        const parsed = shape[key].safeParse(JSON.parse(r.value));
        if (parsed.success) (merged as Record<keyof Settings, unknown>)[key] = parsed.data;
      } catch {
        // unparseable JSON: the default applies
      }
    }
    return merged;
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
