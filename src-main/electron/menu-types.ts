/** The roles the shell's menus use (a subset of Electron's MenuItem roles). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'close'
  | 'window'
  | 'appMenu'
  | 'editMenu'
  | 'viewMenu'
  | 'windowMenu';

/** One menu item as a plain object: what Menu.buildFromTemplate takes. */
export interface MenuItemSpec {
  label?: string;
  role?: MenuRole;
  type?: 'normal' | 'separator' | 'submenu';
  accelerator?: string;
  /** false: show the shortcut but let the page receive the key (see app-menu.ts). */
  registerAccelerator?: boolean;
  enabled?: boolean;
  id?: string;
  click?: () => void;
  submenu?: MenuItemSpec[];
}

export interface MenuLike {
  readonly items: unknown;
}

export interface MenuApi {
  buildFromTemplate(template: MenuItemSpec[]): MenuLike;
  setApplicationMenu(menu: MenuLike | null): void;
}
