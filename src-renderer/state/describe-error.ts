/** A core error in words a developer can act on: what happened and what to do next. */
export interface ErrorView {
  name: string;
  title: string;
  message: string;
  hint?: string;
}

const HINTS: Record<string, { title: string; hint?: string }> = {
  NotAGitRepo: { title: 'Not a git repository', hint: 'Choose the folder that contains .git, or run `git init` there first.' },
  NotADirectory: { title: 'No such folder', hint: 'Check the path; it must be an existing folder.' },
  NotFound: { title: 'Not found', hint: 'It may have been removed; refresh the list.' },
  ChatAtRisk: { title: 'This chat has unsaved work' },
  ChatArchived: { title: 'This chat is archived', hint: 'Restore it from the archived chats menu to continue.' },
  ApplyConflict: { title: 'The change conflicts with your checkout', hint: 'Nothing was changed. Commit or stash your edits to these files, or apply the other files alone.' },
  AgentUnavailable: { title: 'Agent not available', hint: 'Install it or set its command in Settings → Agents.' },
  AgentStartFailed: { title: 'The agent failed to start', hint: 'Check its command, arguments and environment in Settings → Agents.' },
  AgentCrashed: { title: 'The agent crashed', hint: 'Send again: its session restarts. Restart the agent from Agents if it keeps happening.' },
  AgentProtocolError: { title: 'The agent answered something unexpected', hint: 'Try again; if it repeats, restart the agent.' },
  PathOutsideWorktree: { title: 'Refused a file outside the chat’s worktree' },
  PromptTooLarge: { title: 'The prompt is too long', hint: 'Shorten it or attach less text.' },
  TurnNotRunning: { title: 'That turn is no longer running' },
  NpmNotFound: { title: 'npm is needed to install agents' },
  NotInstallable: { title: 'BooCoder cannot install this agent', hint: 'Install it yourself and set its command in Settings → Agents.' },
  InstallInProgress: { title: 'Already installing', hint: 'Wait for the running install to finish.' },
  InstallFailed: { title: 'The install failed', hint: 'The end of npm’s log is above; check the network and the disk space, then try again.' },
  AuthFailed: { title: 'Sign-in did not complete', hint: 'Try again, or use another sign-in method such as an API key.' },
  AuthRequired: { title: 'The agent needs you to sign in', hint: 'Open Settings → Agents and sign in, or give it an API key.' },
  Unsupported: { title: 'Not available yet', hint: 'This BooCoder build does not support it.' },
  AttachmentNotAccepted: { title: 'This agent does not take that attachment', hint: 'Remove it and send again, or pick an agent that takes images.' },
  ProviderError: { title: 'The model provider failed', hint: 'Send again in a moment; check the agent’s key and endpoint if it keeps happening.' },
  PromptTooLong: { title: 'Too long for the model', hint: 'Start a new chat, compact the conversation (e.g. /compact), or send less.' },
  AgentError: { title: 'The agent reported an error' },
  DatabaseTooNew: { title: 'Data from a newer BooCoder', hint: 'Update BooCoder to open this data folder.' },
  StorageError: { title: 'Could not save', hint: 'Check free disk space and permissions of the data folder.' },
  ShuttingDown: { title: 'BooCoder is shutting down' },
  Disconnected: { title: 'Lost the connection to BooCoder', hint: 'Reconnecting…' },
  InvalidInput: { title: 'Invalid input' },
  ChatBusy: { title: 'A turn is running in this chat', hint: 'Wait for it to end, or interrupt it, then try again.' },
  GitIdentityMissing: { title: 'Git does not know who you are', hint: 'Set user.name and user.email in your git config; commits are made as you.' },
  NothingToCommit: { title: 'Nothing to commit' },
  DraftFailed: { title: 'No message drafted', hint: 'Write the message yourself, or try another agent.' },
  UpdateConflict: { title: 'The update conflicts', hint: 'Nothing was changed. Resolve it in the worktree (Open in → Terminal), or ask an agent to.' },
  RemoteNotFound: { title: 'No such remote', hint: 'Add one with git remote add, or pick another.' },
  PushFailed: { title: 'The push failed', hint: 'This is git’s own message; your credentials are git’s (credential helper, SSH agent).' },
  PullRequestUnavailable: { title: 'No pull request page for this remote', hint: 'Open it on the remote’s site: the branch is pushed.' },
  PullRequestFailed: { title: 'gh could not open the pull request' },
  OpenFailed: { title: 'Could not open the worktree', hint: 'Set an editor command in Settings, or install one.' },
  Internal: { title: 'Something went wrong inside BooCoder', hint: 'Try again; the details are in the log.' },
};

export function describeError(e: unknown): ErrorView {
  const name = e instanceof Error ? e.name : 'Error';
  const message = e instanceof Error ? e.message : String(e);
  const known = HINTS[name];
  return { name, title: known?.title ?? 'Error', message, ...(known?.hint ? { hint: known.hint } : {}) };
}

export const errorName = (e: unknown): string => (e instanceof Error ? e.name : '');
