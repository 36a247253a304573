import { choiceFor, useAgents } from '../store/agents-store';
import { commitSelected, draftMessage, selectBranch, setCommitMessage, useBranch } from '../store/branch-store';

/** A commit of the selected files on the chat's branch: the user's message, or one the chosen agent drafts on the side. */
export function CommitBox({ chatId, selected }: { chatId: string; selected: number }) {
  const branch = useBranch(selectBranch(chatId));
  const agent = useAgents((s) => choiceFor(s, chatId).agent);
  const agentName = useAgents((s) => s.agents.find((a) => a.id === agent)?.name ?? agent);
  const canCommit = selected > 0 && branch.message.trim().length > 0 && branch.busy === null;
  return (
    <div className="commit-box">
      <textarea
        className="input commit-box__message"
        aria-label="Commit message"
        placeholder="Commit message"
        rows={3}
        value={branch.message}
        onChange={(e) => setCommitMessage(chatId, e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canCommit) {
            e.preventDefault();
            void commitSelected(chatId);
          }
        }}
      />
      <div className="commit-box__actions">
        <button
          className="button small"
          disabled={!agent || branch.drafting || selected === 0}
          title="Asks the agent on the side: nothing of it enters this chat or the agent's memory of it."
          onClick={() => agent && void draftMessage(chatId, agent)}
        >
          {branch.drafting ? 'Drafting…' : `Draft with ${agentName ?? 'agent'}`}
        </button>
        <span className="composer__spacer" />
        <button className="button button--primary small" disabled={!canCommit} onClick={() => void commitSelected(chatId)}>
          {branch.busy === 'commit' ? 'Committing…' : `Commit ${selected}`}
        </button>
      </div>
    </div>
  );
}
