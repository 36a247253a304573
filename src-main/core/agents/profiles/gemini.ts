import path from 'node:path';
import { z } from 'zod';
import { emptyUsage } from '../../../../src-preload/contract';
import { GENERIC_BEHAVIOURS, nameIs, type AgentProfile } from './agent-profile';

/**
 * Gemini CLI in ACP mode (`gemini --acp`; `--experimental-acp` is the deprecated spelling). It
 * reads and writes through the client's `fs/*`, reports tokens only in the prompt result's
 * `_meta.quota.token_count`, and no cost.
 */

const Quota = z.looseObject({
  quota: z.looseObject({
    token_count: z.looseObject({ input_tokens: z.number().nonnegative().optional(), output_tokens: z.number().nonnegative().optional() }),
  }),
});

export const geminiProfile: AgentProfile = {
  id: 'gemini',
  name: 'Gemini CLI',
  kind: 'acp',
  launch: [{ command: 'gemini', args: ['--acp'] }],
  recognizes: nameIs('gemini-cli', 'gemini'),
  stateDirs: (_env, home) => [path.join(home, '.gemini')],
  // autoEdit and yolo write without asking.
  askingModes: { modes: ['default', 'plan'], preferred: 'default' },
  behaviours: {
    ...GENERIC_BEHAVIOURS,
    readsMissingFileAsEmpty: true,
    promptResultUsage: (result) => {
      const parsed = Quota.safeParse(result._meta);
      if (!parsed.success) return null;
      const { input_tokens = 0, output_tokens = 0 } = parsed.data.quota.token_count;
      return { ...emptyUsage(), inputTokens: input_tokens, outputTokens: output_tokens };
    },
  },
};
