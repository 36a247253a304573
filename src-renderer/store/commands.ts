import type { EventPayload } from '../../src-preload/contract';
import { interruptActiveTurn, sendActiveDraft } from './composer-store';
import { openFind } from './find-store';
import { setView } from './ui-store';
import { createChat, cycleChat, requestCloseChat, selectActiveChatId, useWorkspace } from './workspace-store';

export type AppCommand = EventPayload<'app.command'>['command'];

/** One place that carries out a command, whether it came from the shell's menu or a page shortcut. */
export function runCommand(command: AppCommand): void {
  switch (command) {
    case 'chat.new':
      void createChat();
      return;
    case 'chat.close': {
      const id = selectActiveChatId(useWorkspace.getState());
      if (id) void requestCloseChat(id);
      return;
    }
    case 'chat.find':
      openFind();
      return;
    case 'tab.next':
      cycleChat(1);
      return;
    case 'tab.previous':
      cycleChat(-1);
      return;
    case 'turn.send':
      void sendActiveDraft();
      return;
    case 'turn.interrupt':
      void interruptActiveTurn();
      return;
    case 'settings.open':
      setView('settings');
      return;
  }
}
