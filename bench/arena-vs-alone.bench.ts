import { configureOpencodeAcpWith } from '../test/support/agent-env/opencode-acp-env';
import { configureQwen } from '../test/support/agent-env/qwen-config';
import { arenaVsAloneBench } from './arena-vs-alone';

/** opencode (its server), qwen-code and opencode over ACP; qwen's sessions start in its asking mode, opencode's config allows edits. */
export default arenaVsAloneBench({
  agents: ['opencode', 'qwen', 'opencode-acp'],
  configurers: [configureOpencodeAcpWith({ edit: 'allow', bash: 'allow' }), configureQwen],
  modes: { qwen: 'auto-edit' },
});
