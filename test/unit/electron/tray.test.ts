import { describe, expect, it } from 'vitest';
import type { AgentsStatus } from '../../../src-preload/contract';
import { TRAY_MAX_CHATS, TrayController, trayMenuModel, trayMenuTemplate } from '../../../src-main/electron/tray';
import { FakeMenu, FakeTray } from '../../support/fake-electron';

const session = (chatId: string, chatTitle: string, agent: string, busy: boolean) => ({
  chatId,
  chatTitle,
  agent,
  busy,
  idleMs: 0,
  externalSessionId: `${chatId}-${agent}`,
});
const idle: AgentsStatus = { sessions: [], processes: [], busyChats: [] };
const busy: AgentsStatus = {
  sessions: [session('c1', 'Fix login', 'qwen', true), session('c1', 'Fix login', 'opencode', false), session('c2', 'Docs', 'opencode', true)],
  processes: [],
  busyChats: ['c1', 'c2'],
};

describe('trayMenuModel', () => {
  it('shows counts when nothing runs', () => {
    expect(trayMenuModel(idle)).toEqual({ tooltip: 'BooCoder', summary: '0 live sessions · 0 busy chats', busyChats: [], moreBusy: 0 });
  });

  it('lists busy chats with the agents working in them', () => {
    const model = trayMenuModel(busy);
    expect(model.summary).toBe('3 live sessions · 2 busy chats');
    expect(model.tooltip).toBe('BooCoder — 2 chats working');
    expect(model.busyChats).toEqual([
      { chatId: 'c1', label: 'Fix login — qwen' },
      { chatId: 'c2', label: 'Docs — opencode' },
    ]);
  });

  it('names a busy chat by id before its session shows up, and counts the overflow', () => {
    const many: AgentsStatus = { sessions: [session('c0', 'One', 'qwen', true)], processes: [], busyChats: Array.from({ length: 11 }, (_, i) => `c${i}`) };
    const model = trayMenuModel(many);
    expect(model.summary).toBe('1 live session · 11 busy chats');
    expect(model.busyChats).toHaveLength(TRAY_MAX_CHATS);
    expect(model.busyChats[1]).toEqual({ chatId: 'c1', label: 'c1' });
    expect(model.moreBusy).toBe(11 - TRAY_MAX_CHATS);
  });
});

describe('tray menu', () => {
  it('has the summary, busy chats, Open and Quit', () => {
    const calls: string[] = [];
    const items = trayMenuTemplate(trayMenuModel(busy), { open: () => calls.push('open'), quit: () => calls.push('quit') });
    expect(items.map((i) => i.label ?? i.type)).toEqual(['3 live sessions · 2 busy chats', 'separator', 'Fix login — qwen', 'Docs — opencode', 'separator', 'Open BooCoder', 'Quit BooCoder']);
    expect(items[0]?.enabled).toBe(false);
    items.find((i) => i.id === 'chat:c1')?.click?.();
    items.find((i) => i.id === 'open')?.click?.();
    items.find((i) => i.id === 'quit')?.click?.();
    expect(calls).toEqual(['open', 'open', 'quit']);
  });

  it('is rebuilt when the status changes, and only then', () => {
    const tray = new FakeTray('/icons/tray.png');
    let builds = 0;
    const controller = new TrayController(
      tray,
      { buildFromTemplate: (t) => (builds++, new FakeMenu(t)) },
      { open: () => undefined, quit: () => undefined },
      idle,
    );
    expect(tray.menu?.items[0]?.label).toBe('0 live sessions · 0 busy chats');
    controller.update(busy);
    expect(tray.menu?.items[0]?.label).toBe('3 live sessions · 2 busy chats');
    expect(tray.tooltip).toBe('BooCoder — 2 chats working');
    controller.update(structuredClone(busy));
    expect(builds).toBe(2);
    controller.dispose();
    expect(tray.destroyed).toBe(true);
  });
});
