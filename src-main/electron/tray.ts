import type { AgentsStatus } from '../../src-preload/contract';
import type { MenuApi, MenuItemSpec, MenuLike } from './menu-types';

/** A busy chat as the tray lists it. */
export interface TrayChat {
  chatId: string;
  label: string;
}

/** What the tray shows, derived from one agents.status snapshot. */
export interface TrayModel {
  tooltip: string;
  summary: string;
  busyChats: TrayChat[];
  /** Busy chats beyond the listed ones. */
  moreBusy: number;
}

/** A tray menu lists at most this many busy chats; the rest are counted. */
export const TRAY_MAX_CHATS = 8;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The tray's content: live sessions and busy counts, then each busy chat with the agents working
 * in it. Titles come from the status's own sessions; a busy chat without a live session entry
 * (briefly, while its session starts) is still listed, by id.
 */
export function trayMenuModel(status: AgentsStatus): TrayModel {
  const live = status.sessions.length;
  const busy = status.busyChats.length;
  const summary = `${plural(live, 'live session', 'live sessions')} · ${plural(busy, 'busy chat', 'busy chats')}`;
  const chats = status.busyChats.map((chatId): TrayChat => {
    const sessions = status.sessions.filter((s) => s.chatId === chatId);
    const title = sessions[0]?.chatTitle || chatId;
    const agents = [...new Set(sessions.filter((s) => s.busy).map((s) => s.agent))];
    return { chatId, label: agents.length > 0 ? `${title} — ${agents.join(', ')}` : title };
  });
  return {
    tooltip: busy > 0 ? `BooCoder — ${plural(busy, 'chat', 'chats')} working` : 'BooCoder',
    summary,
    busyChats: chats.slice(0, TRAY_MAX_CHATS),
    moreBusy: Math.max(0, chats.length - TRAY_MAX_CHATS),
  };
}

export interface TrayActions {
  open(): void;
  quit(): void;
}

/** The tray's context menu for a model. Chat entries open the window; the summary is a label. */
export function trayMenuTemplate(model: TrayModel, actions: TrayActions): MenuItemSpec[] {
  const chats: MenuItemSpec[] = model.busyChats.map((c) => ({ id: `chat:${c.chatId}`, label: c.label, click: actions.open }));
  if (model.moreBusy > 0) chats.push({ label: `and ${model.moreBusy} more`, enabled: false });
  return [
    { id: 'summary', label: model.summary, enabled: false },
    ...(chats.length > 0 ? [{ type: 'separator' } satisfies MenuItemSpec, ...chats] : []),
    { type: 'separator' },
    { id: 'open', label: 'Open BooCoder', click: actions.open },
    { id: 'quit', label: 'Quit BooCoder', click: actions.quit },
  ];
}

export interface TrayLike {
  setToolTip(text: string): void;
  setContextMenu(menu: MenuLike | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** The tray icon: created once, its menu rebuilt whenever agents.status changes. */
export class TrayController {
  private lastModel: TrayModel | null = null;
  private lastMenu: MenuLike | null = null;

  constructor(
    private readonly tray: TrayLike,
    private readonly menu: Pick<MenuApi, 'buildFromTemplate'>,
    private readonly actions: TrayActions,
    initial: AgentsStatus,
  ) {
    // Linux shows only the menu; on Windows and macOS a left click opens the app.
    tray.on('click', actions.open);
    this.update(initial);
  }

  update(status: AgentsStatus): void {
    const model = trayMenuModel(status);
    if (this.lastModel && JSON.stringify(this.lastModel) === JSON.stringify(model)) return;
    this.lastModel = model;
    this.tray.setToolTip(model.tooltip);
    this.lastMenu = this.menu.buildFromTemplate(trayMenuTemplate(model, this.actions));
    this.tray.setContextMenu(this.lastMenu);
  }

  /** The menu the tray shows now (Electron has no getter for a tray's context menu). */
  get contextMenu(): MenuLike | null {
    return this.lastMenu;
  }

  dispose(): void {
    this.tray.destroy();
  }
}
