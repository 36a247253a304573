import { emptyUsage } from '../../../src-preload/contract';
import { Store } from '../../../src-main/core/store/store';

/**
 * A child process that streams a turn into the database the way the transcript writer does
 * (one small transaction per batch) until it is killed. It reports on stdout each batch it has
 * committed, so the parent knows what must survive a SIGKILL.
 */
const file = process.argv[2];
if (!file) throw new Error('usage: crash-writer.ts <db file>');

const store = Store.open(file);
const repo = store.repos.upsert('/crash/repo');
const chat = store.chats.create(repo.id, 'Crash chat');
store.sessions.upsert(chat.id, 'qwen', { externalSessionId: 'ext-crash', status: 'busy', lastUsedAt: Date.now() });
const turn = store.turns.create({ chatId: chat.id, agent: 'qwen', prompt: 'write forever', model: null, status: 'running' });
process.stdout.write(`ids ${chat.id} ${turn.id}\n`);

let i = 0;
const step = () => {
  // Two parts and one usage increment per batch, in one transaction (writeParts' own nests as a
  // savepoint): a torn batch would show up as an odd part count or a counter out of step.
  store.db.transaction(() => {
    store.turns.writeParts(turn.id, [
      { idx: 2 * i, part: { kind: 'text', text: `part ${i}a` } },
      { idx: 2 * i + 1, part: { kind: 'text', text: `part ${i}b` } },
    ]);
    store.turns.addUsage(turn.id, { ...emptyUsage(), outputTokens: 1 });
  })();
  process.stdout.write(`committed ${i}\n`);
  i += 1;
  setTimeout(step, 2);
};
step();
