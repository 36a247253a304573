import { useEffect } from 'react';
import { clearSetup, loadSetup, replySetup, useSetup } from '../store/setup-store';
import { SetupLog } from './SetupLog';

/** The repository's setup script running in this chat's new worktree: its output, and on failure the user's choice. */
export function SetupPanel({ chatId }: { chatId: string }) {
  const state = useSetup((s) => s.byChat[chatId]);
  useEffect(() => {
    void loadSetup(chatId);
  }, [chatId]);
  if (!state) return null;
  return (
    <SetupLog
      run={state}
      hint={state.status === 'failed' ? 'The turn waits for your choice.' : 'The repository’s setup script runs before the first turn.'}
      onChoice={(choice) => void replySetup(chatId, choice)}
      cancelLabel="Cancel the turn"
      onDismiss={() => clearSetup(chatId)}
    />
  );
}
