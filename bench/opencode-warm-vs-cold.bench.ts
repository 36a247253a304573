import { OpencodeBackend } from '../src-main/core/agents/opencode/opencode-backend';
import { createOpencodeTestEnv, MOCK_MODEL } from '../test/support/opencode-env';
import { warmVsColdBench } from './warm-vs-cold';

/** The opencode server: a cold turn starts `opencode serve`, a warm one reuses server and session. */
export default warmVsColdBench({
  agent: 'opencode',
  via: 'its HTTP server',
  cold: 'spawn server + session + prompt + dispose',
  model: MOCK_MODEL,
  async open(llm) {
    const env = await createOpencodeTestEnv({ llmUrl: llm.url });
    return { newBackend: () => new OpencodeBackend(env.spec, { baseEnv: env.env }), makeDir: env.makeDir, dispose: env.dispose };
  },
});
