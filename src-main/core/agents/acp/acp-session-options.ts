import { z } from 'zod';
import type { AgentOptions, PromptCapabilities, SlashCommand } from '../../../../src-preload/contract';
import type { ModelOption } from '../agent-backend';
import { ConfigOption, type SessionSetupResult } from './acp-wire';

/**
 * Pure: what a session offers (models, modes, slash commands) and what is current, from its
 * `session/new` (or load/resume) result and the session-level updates that follow it
 * (`available_commands_update`, `current_mode_update`, `config_option_update`,
 * `current_model_update`). Agents differ: qwen and claude list `models` and `modes`, Codex only
 * `configOptions` (categories "mode" and "model"); both ways are read.
 */

export interface SessionOptionsState {
  setup: SessionSetupResult;
  commands: SlashCommand[];
  currentModel: string | null;
  currentMode: string | null;
}

const isModelOption = (o: ConfigOption) => o.category === 'model' || o.id === 'model';
const isModeOption = (o: ConfigOption) => o.category === 'mode' || o.id === 'mode';

/** The model config option of a session, if the agent offers models through config options. */
export const modelConfigOption = (setup: SessionSetupResult): ConfigOption | undefined => setup.configOptions?.find(isModelOption);
export const modeConfigOption = (setup: SessionSetupResult): ConfigOption | undefined => setup.configOptions?.find(isModeOption);

function configChoices(option: ConfigOption | undefined): ModelOption[] {
  const out: ModelOption[] = [];
  for (const entry of option?.options ?? []) {
    if ('value' in entry && typeof entry.value === 'string') {
      out.push({ id: entry.value, name: typeof entry.name === 'string' ? entry.name : entry.value });
    } else if ('options' in entry && Array.isArray(entry.options)) {
      for (const nested of entry.options) out.push({ id: nested.value, name: nested.name ?? nested.value });
    }
  }
  return out;
}

const stringValue = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function initialSessionOptions(setup: SessionSetupResult): SessionOptionsState {
  return {
    setup,
    commands: [],
    currentModel: setup.models?.currentModelId ?? stringValue(modelConfigOption(setup)?.currentValue),
    currentMode: setup.modes?.currentModeId ?? stringValue(modeConfigOption(setup)?.currentValue),
  };
}

export function modelsOf(state: SessionOptionsState): ModelOption[] {
  const models = state.setup.models?.availableModels;
  if (models && models.length > 0) return models.map((m) => ({ id: m.modelId, name: m.name ?? m.modelId }));
  return configChoices(modelConfigOption(state.setup));
}

export function modesOf(state: SessionOptionsState): ModelOption[] {
  const modes = state.setup.modes?.availableModes;
  if (modes && modes.length > 0) return modes.map((m) => ({ id: m.id, name: m.name ?? m.id }));
  return configChoices(modeConfigOption(state.setup));
}

export function toAgentOptions(state: SessionOptionsState, promptCapabilities: PromptCapabilities): AgentOptions {
  return {
    models: modelsOf(state),
    modes: modesOf(state),
    currentModel: state.currentModel,
    currentMode: state.currentMode,
    commands: state.commands,
    promptCapabilities,
    source: 'live',
  };
}

const CommandsUpdate = z.looseObject({
  availableCommands: z.array(
    z.looseObject({
      name: z.string().min(1),
      description: z.string().nullish(),
      input: z.looseObject({ hint: z.string().nullish() }).nullish(),
    }),
  ),
});
const ModeUpdate = z.looseObject({ currentModeId: z.string() });
const ModelUpdate = z.looseObject({ currentModelId: z.string() });
const ConfigUpdate = z.looseObject({ configOptions: z.array(ConfigOption) });

/**
 * The state after one `session/update`, or null when the update is not about the session's
 * options (text, tools, usage: the turn's business).
 */
export function applySessionOptionsUpdate(state: SessionOptionsState, update: Record<string, unknown>): SessionOptionsState | null {
  switch (update.sessionUpdate) {
    case 'available_commands_update': {
      const parsed = CommandsUpdate.safeParse(update);
      if (!parsed.success) return null;
      const commands = parsed.data.availableCommands.map((c) => ({
        name: c.name.replace(/^\//, ''),
        description: c.description ?? '',
        ...(c.input?.hint ? { hint: c.input.hint } : {}),
      }));
      return { ...state, commands };
    }
    case 'current_mode_update': {
      const parsed = ModeUpdate.safeParse(update);
      return parsed.success ? { ...state, currentMode: parsed.data.currentModeId } : null;
    }
    case 'current_model_update': {
      const parsed = ModelUpdate.safeParse(update);
      return parsed.success ? { ...state, currentModel: parsed.data.currentModelId } : null;
    }
    case 'config_option_update': {
      const parsed = ConfigUpdate.safeParse(update);
      if (!parsed.success) return null;
      const setup = { ...state.setup, configOptions: parsed.data.configOptions };
      const model = stringValue(modelConfigOption(setup)?.currentValue);
      const mode = stringValue(modeConfigOption(setup)?.currentValue);
      return { ...state, setup, currentModel: model ?? state.currentModel, currentMode: mode ?? state.currentMode };
    }
    default:
      return null;
  }
}
