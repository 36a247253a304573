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

/**
 * Gemini CLI tells of an approval-mode change (after "Allow for this session" it writes without
 * asking: autoEdit) as an agent_message_chunk "[MODE_UPDATE] autoEdit", not as ACP's
 * current_mode_update: it is the session's new mode, not part of the reply.
 */
const MODE_UPDATE_TEXT = /^\[MODE_UPDATE\] (\S+)$/;
const ModeUpdateText = z.object({ sessionUpdate: z.literal('agent_message_chunk'), content: z.object({ type: z.literal('text'), text: z.string() }) });

export function modeUpdateFromText(update: Record<string, unknown>): Record<string, unknown> {
  const parsed = ModeUpdateText.safeParse(update);
  const mode = parsed.success ? MODE_UPDATE_TEXT.exec(parsed.data.content.text.trim())?.[1] : undefined;
  return mode ? { sessionUpdate: 'current_mode_update', currentModeId: mode } : update;
}

export const geminiProfile: AgentProfile = {
  id: 'gemini',
  name: 'Gemini CLI',
  kind: 'acp',
  launch: [{ command: 'gemini', args: ['--acp'] }],
  recognizes: nameIs('gemini-cli', 'gemini'),
  stateDirs: (_env, home) => [path.join(home, '.gemini')],
  // autoEdit and yolo write without asking.
  askingModes: { modes: ['default', 'plan'], preferred: 'default' },
  npmPackage: { name: '@google/gemini-cli', version: '0.61.0', bin: 'gemini' },
  signIn: {
    keyVars: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    keyMethods: { 'gemini-api-key': 'GEMINI_API_KEY' },
    credentialFiles: (_env, home) => [path.join(home, '.gemini', 'oauth_creds.json')],
    credentialsElsewhere: (env) => (env.GOOGLE_GENAI_USE_VERTEXAI || env.GOOGLE_CLOUD_PROJECT ? 'Gemini CLI is set to use Vertex AI' : null),
    login: { program: 'self', args: [], then: 'choose “Login with Google” and follow the browser' },
  },
  behaviours: {
    ...GENERIC_BEHAVIOURS,
    readsMissingFileAsEmpty: true,
    standardUpdate: modeUpdateFromText,
    promptResultUsage: (result) => {
      const parsed = Quota.safeParse(result._meta);
      if (!parsed.success) return null;
      const { input_tokens = 0, output_tokens = 0 } = parsed.data.quota.token_count;
      return { ...emptyUsage(), inputTokens: input_tokens, outputTokens: output_tokens };
    },
  },
};
