import { z } from 'zod';

/**
 * The shapes of the ACP wire data this backend reads, parsed from `unknown`. The SDK does not
 * validate responses, and agents differ (qwen adds `models` to `session/new`, others add fields
 * of their own), so every schema is loose: it checks what we use and keeps the rest.
 */

const Meta = z.record(z.string(), z.unknown()).nullish();

export const InitializeResult = z.looseObject({
  protocolVersion: z.number(),
  agentCapabilities: z
    .looseObject({
      loadSession: z.boolean().nullish(),
      sessionCapabilities: z
        .looseObject({
          // Capabilities are objects when present ("{}" means supported); null/absent means not.
          resume: z.unknown().optional(),
          list: z.unknown().optional(),
          close: z.unknown().optional(),
        })
        .nullish(),
      promptCapabilities: z
        .looseObject({ image: z.boolean().nullish(), audio: z.boolean().nullish(), embeddedContext: z.boolean().nullish() })
        .nullish(),
    })
    .nullish(),
  agentInfo: z.looseObject({ name: z.string().nullish(), title: z.string().nullish(), version: z.string().nullish() }).nullish(),
  authMethods: z
    .array(
      z.looseObject({
        id: z.string(),
        name: z.string().nullish(),
        description: z.string().nullish(),
        // ACP: "terminal" = the client runs the agent's program with these args for the user to sign in;
        // "env_var" = a key in one of `vars` (codex-acp 0.16.0); absent = the agent signs in itself.
        type: z.string().nullish(),
        args: z.array(z.string()).nullish(),
        vars: z.array(z.looseObject({ name: z.string() })).nullish(),
      }),
    )
    .nullish(),
});
export type InitializeResult = z.infer<typeof InitializeResult>;

const ModelInfo = z.looseObject({ modelId: z.string(), name: z.string().nullish() });
const ModeInfo = z.looseObject({ id: z.string(), name: z.string().nullish() });
const ConfigOptionValue = z.looseObject({ value: z.string(), name: z.string().nullish() });
export const ConfigOption = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  category: z.string().nullish(),
  type: z.string().nullish(),
  currentValue: z.unknown().optional(),
  // A select's options, flat or grouped.
  options: z
    .array(z.union([ConfigOptionValue, z.looseObject({ options: z.array(ConfigOptionValue) })]))
    .nullish(),
});
export type ConfigOption = z.infer<typeof ConfigOption>;

/** The result of `session/new`, `session/load` and `session/resume` (all fields but the id optional). */
export const SessionSetupResult = z.looseObject({
  sessionId: z.string().optional(),
  models: z
    .looseObject({ currentModelId: z.string().nullish(), availableModels: z.array(ModelInfo) })
    .nullish(),
  modes: z.looseObject({ currentModeId: z.string().nullish(), availableModes: z.array(ModeInfo) }).nullish(),
  configOptions: z.array(ConfigOption).nullish(),
  _meta: Meta,
});
export type SessionSetupResult = z.infer<typeof SessionSetupResult>;

export const TokenUsage = z.looseObject({
  inputTokens: z.number().nullish(),
  outputTokens: z.number().nullish(),
  totalTokens: z.number().nullish(),
  thoughtTokens: z.number().nullish(),
  cachedReadTokens: z.number().nullish(),
  cachedWriteTokens: z.number().nullish(),
});
export type TokenUsage = z.infer<typeof TokenUsage>;

export const PromptResult = z.looseObject({
  stopReason: z.string(),
  usage: TokenUsage.nullish(),
  _meta: Meta,
});
export type PromptResult = z.infer<typeof PromptResult>;

export const SessionNotification = z.looseObject({
  sessionId: z.string(),
  update: z.looseObject({ sessionUpdate: z.string() }),
});
export type SessionNotification = z.infer<typeof SessionNotification>;

export const ListSessionsResult = z.looseObject({
  sessions: z.array(z.looseObject({ sessionId: z.string(), cwd: z.string().nullish() })),
});
