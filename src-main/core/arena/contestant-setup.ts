import type { ContestantSetupPart, SetupChoice, SetupRun } from '../../../src-preload/contract';
import { PendingChoice } from '../setup/pending-choice';
import { settleSetup } from '../setup/settle-setup';

/** The repository's setup script as an arena runs it in each contestant's worktree. */
export interface ArenaSetupScript {
  script: string;
  timeoutMs: number;
  /** The user's checkout ($BOOCODER_REPO). */
  repoPath: string;
  /** The environment it runs with (default: the core's own). */
  env?: NodeJS.ProcessEnv;
}

export interface ContestantSetupDeps {
  setup: ArenaSetupScript;
  /** The contestant's scratch worktree: the script runs there. */
  cwd: string;
  now: () => number;
  /** The contestant's setup part as a run starts or ends, and what came of a failure (a new object each time). */
  onPart: (part: ContestantSetupPart) => void;
  /** A running script's output as it comes, with the part grown by it. */
  onOutput: (chunk: string, part: ContestantSetupPart) => void;
  /** The worktree's snapshot tree now. */
  snapshot: () => Promise<string>;
}

/**
 * The setup script in one contestant's scratch worktree, before its agent's session opens: the
 * same run, timeout and choice after a failure as a chat's new worktree gets, but for this
 * contestant alone (the others go on). Once it is settled the worktree is snapshotted, and the
 * contestant's changes are counted from that tree, so whatever the script left behind that git
 * does not ignore is never taken for the agent's work.
 */
export class ContestantSetup {
  private readonly choice = new PendingChoice<SetupChoice>();

  constructor(private readonly deps: ContestantSetupDeps) {}

  /** A failed run waits for the user's choice. */
  get waiting(): boolean {
    return this.choice.waiting;
  }

  /** false when no failed run waits for a choice. */
  reply(choice: SetupChoice): boolean {
    return this.choice.reply(choice);
  }

  /** 'go' when the agent may start, 'cancel' when the contestant was cancelled (by the choice, or `signal`). */
  async run(signal: AbortSignal): Promise<'go' | 'cancel'> {
    const { setup } = this.deps;
    const latest: { run: SetupRun | null } = { run: null };
    const partOf = (run: SetupRun): ContestantSetupPart => {
      latest.run = run;
      return { kind: 'setup', ...run, afterFailure: null };
    };
    const outcome = await settleSetup({
      script: setup.script,
      cwd: this.deps.cwd,
      repoPath: setup.repoPath,
      timeoutMs: setup.timeoutMs,
      env: setup.env,
      signal,
      now: this.deps.now,
      choice: this.choice,
      onRun: (run) => this.deps.onPart(partOf(run)),
      onOutput: (chunk, run) => this.deps.onOutput(chunk, partOf(run)),
    });
    const ended = latest.run;
    if (!ended) return outcome;
    // A cancelled contestant's tree is taken too: then it shows no files, whatever the script left.
    const treeAfter = await this.deps.snapshot().catch((e: unknown) => {
      if (outcome === 'go') throw e;
      return undefined;
    });
    this.deps.onPart({
      kind: 'setup',
      ...ended,
      afterFailure: ended.status === 'failed' ? (outcome === 'go' ? 'continued' : 'cancelled') : null,
      ...(treeAfter ? { treeAfter } : {}),
    });
    return outcome;
  }
}
