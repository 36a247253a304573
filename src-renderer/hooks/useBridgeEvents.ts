import { useEffect } from 'react';
import { bridge, onConnectionRestored } from '../bridge/bridge';
import { noteInstallProgress } from '../store/agent-setup-store';
import { choiceFor, loadOptions, loadSessions, loadStatus, noteOptions, setStatus, useAgents } from '../store/agents-store';
import { loadBranch } from '../store/branch-store';
import { noteArenaPrewarm } from '../store/arena-prewarm-store';
import { noteArenaEvent, noteArenaSetup, noteArenaSetupOutput, noteArenaUpdated } from '../store/arena-store';
import { loadChanges } from '../store/changes-store';
import { notePrewarm } from '../store/prewarm-store';
import { runCommand } from '../store/commands';
import { loadTranscript, turnEventBatcher } from '../store/transcript-store';
import { useUi } from '../store/ui-store';
import { noteSetupOutput, noteSetupState, turnWentOn } from '../store/setup-store';
import { loadUsage, noteUsage } from '../store/usage-store';
import { loadChats, noteTurnEnded, selectActiveChatId, setBusyChats, useWorkspace } from '../store/workspace-store';

/**
 * The app's one subscription to every core event; each handler routes to its store. All are
 * unsubscribed on unmount.
 */
export function useBridgeEvents(): void {
  useEffect(() => {
    const offs = [
      bridge.on('turn.event', (p) => {
        turnEventBatcher.push(p);
        // The turn went on past its worktree's setup: the setup panel has nothing left to ask.
        if (p.event.type === 'turn.start' || p.event.type === 'turn.end') turnWentOn(p.chatId);
        if (p.event.type === 'turn.end') {
          noteTurnEnded(p.chatId, p.event.stopReason);
          // What the next turn does and what it cost both change when a turn ends.
          void loadSessions(p.chatId);
          void loadUsage(useWorkspace.getState().activeRepoId);
        }
      }),
      bridge.on('agents.status', (status) => {
        setStatus(status);
        setBusyChats(status.busyChats);
      }),
      bridge.on('chats.updated', ({ repoId }) => {
        if (useWorkspace.getState().activeRepoId === repoId) void loadChats(repoId);
      }),
      bridge.on('changes.updated', ({ chatId }) => {
        if (selectActiveChatId(useWorkspace.getState()) !== chatId) return;
        void loadChanges(chatId);
        // A turn's end may have made the chat's worktree and branch.
        void loadBranch(chatId);
      }),
      bridge.on('branch.updated', ({ chatId }) => {
        if (selectActiveChatId(useWorkspace.getState()) === chatId) void loadBranch(chatId);
      }),
      bridge.on('setup.state', (state) => {
        noteSetupState(state);
        // Setup runs in the chat's new worktree: its branch exists from now on.
        if (state.status === 'running' && selectActiveChatId(useWorkspace.getState()) === state.chatId) void loadBranch(state.chatId);
      }),
      bridge.on('setup.output', ({ chatId, turnId, chunk }) => noteSetupOutput(chatId, turnId, chunk)),
      bridge.on('agents.options', noteOptions),
      bridge.on('agents.install.progress', noteInstallProgress),
      bridge.on('arena.prewarm', noteArenaPrewarm),
      bridge.on('arena.event', noteArenaEvent),
      bridge.on('arena.setup', noteArenaSetup),
      bridge.on('arena.setupOutput', noteArenaSetupOutput),
      bridge.on('arena.updated', noteArenaUpdated),
      bridge.on('usage.updated', ({ chatId, agent, totals }) => noteUsage(chatId, agent, totals)),
      bridge.on('sessions.prewarm', notePrewarm),
      bridge.on('app.command', ({ command }) => runCommand(command)),
      onConnectionRestored(() => {
        // Whatever happened while disconnected was not seen: read it all again.
        useUi.setState((s) => ({ notices: s.notices.filter((n) => n.name !== 'Disconnected') }));
        const repoId = useWorkspace.getState().activeRepoId;
        if (repoId) void loadChats(repoId);
        void loadStatus();
        const chatId = selectActiveChatId(useWorkspace.getState());
        if (chatId) {
          void loadTranscript(chatId);
          void loadSessions(chatId);
          void loadChanges(chatId);
          const agent = choiceFor(useAgents.getState(), chatId).agent;
          if (agent) void loadOptions(agent, chatId);
        }
      }),
    ];
    void loadStatus();
    return () => {
      for (const off of offs) off();
      turnEventBatcher.dispose();
    };
  }, []);
}
