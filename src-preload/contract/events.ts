import { z } from 'zod';
import { AgentEvent, Usage } from './agent-event';
import { InstallProgress } from './agent-setup';
import { AgentOptions, AgentsStatus, ContestantSetupPart, PrewarmStatus, SetupState } from './methods';

const event = <P extends z.ZodType>(payload: P, doc: string) => ({ payload, doc });

/** Every event the core pushes to the renderer. */
export const events = {
  'turn.event': event(
    z.object({ chatId: z.string(), turnId: z.string(), agent: z.string(), seq: z.number().int(), event: AgentEvent }),
    'One AgentEvent of a turn, in order (seq). The last of a turn has event.type "turn.end".',
  ),
  'agents.status': event(AgentsStatus, 'Live sessions and processes, whenever they change.'),
  'chats.updated': event(z.object({ repoId: z.string() }), 'The chat list of a repo changed (created, renamed, archived, restored).'),
  'changes.updated': event(z.object({ chatId: z.string() }), "A chat's pending change changed (turn end, apply, discard)."),
  'app.command': event(
    z.object({ command: z.enum(['chat.new', 'chat.close', 'chat.find', 'tab.next', 'tab.previous', 'turn.send', 'turn.interrupt', 'settings.open']) }),
    'A menu or shortcut command from the desktop shell for the renderer to carry out.',
  ),
  'agents.options': event(
    z.object({ agent: z.string(), chatId: z.string().nullable(), options: AgentOptions }),
    "An agent's models, modes, commands or current model/mode changed (chatId: the chat whose session reported it).",
  ),
  'agents.install.progress': event(InstallProgress, "An agent install's progress: started, each line of npm's log, then done (with the version) or failed."),
  'usage.updated': event(
    z.object({ chatId: z.string(), agent: z.string(), totals: Usage }),
    "A session's usage totals changed (live, during a turn).",
  ),
  'setup.state': event(SetupState, "A new worktree's setup script started, ended, or failed and waits for the user's choice."),
  'setup.output': event(z.object({ chatId: z.string(), turnId: z.string(), chunk: z.string() }), 'Output of a running setup script, as it comes.'),
  'branch.updated': event(z.object({ chatId: z.string() }), "A chat's branch moved (commit, push, update from the base branch)."),
  'sessions.prewarm': event(PrewarmStatus, 'A pre-warm of a (chat, agent) changed state (warming, ready, failed, skipped, cancelled).'),
  'arena.prewarm': event(PrewarmStatus, "A contestant prepared for a chat's next arena (arena.prewarm) changed state (warming, ready, failed, skipped, cancelled)."),
  'arena.event': event(
    z.object({ arenaId: z.string(), chatId: z.string(), agent: z.string(), seq: z.number().int(), event: AgentEvent }),
    "One AgentEvent of an arena contestant, in order (seq per contestant), as turn.event carries a turn's. The last of a contestant is turn.end.",
  ),
  'arena.setup': event(
    z.object({ arenaId: z.string(), chatId: z.string(), agent: z.string(), setup: ContestantSetupPart }),
    "A contestant's setup script started, ended, failed and waits for arena.setupReply, or what came of its failure: the contestant's setup part as it now is.",
  ),
  'arena.setupOutput': event(
    z.object({ arenaId: z.string(), chatId: z.string(), agent: z.string(), chunk: z.string() }),
    "Output of a contestant's running setup script, as it comes.",
  ),
  'arena.updated': event(
    z.object({ chatId: z.string(), arenaId: z.string() }),
    'An arena changed state (started, a contestant ended with its diff, picked, discarded, interrupted).',
  ),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;
export const eventNames = Object.keys(events) as EventName[];
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
