import { describe, expect, it } from 'vitest';
import { opencodeEnvOverrides } from '../../../src-main/core/agents/profiles/opencode-env-overrides';
import { snapshotsOff } from '../../../src-main/core/agents/profiles/opencode-snapshots';
import { opencodeAcpProfile } from '../../../src-main/core/agents/profiles/opencode-acp';
import { opencodeProfile } from '../../../src-main/core/agents/profiles/opencode';

describe('opencode runs without snapshots of its own', () => {
  it('an inline config of its own when the user set none', () => {
    expect(JSON.parse(snapshotsOff(undefined))).toEqual({ snapshot: false });
    expect(JSON.parse(snapshotsOff('  '))).toEqual({ snapshot: false });
  });

  it("keeps everything else in the user's inline config, and overrides only the snapshots", () => {
    const user = JSON.stringify({ model: 'p/m', provider: { p: { options: { baseURL: 'http://x' } } }, snapshot: true });
    expect(JSON.parse(snapshotsOff(user))).toEqual({ model: 'p/m', provider: { p: { options: { baseURL: 'http://x' } } }, snapshot: false });
  });

  it('leaves a value that is not a JSON object as it is, for opencode to name', () => {
    expect(snapshotsOff('{not json')).toBe('{not json');
    expect(snapshotsOff('[1]')).toBe('[1]');
    expect(snapshotsOff('"text"')).toBe('"text"');
  });

  it('the server and the ACP mode both get it, beside the external-directory guard', () => {
    for (const profile of [opencodeProfile, opencodeAcpProfile]) {
      const env = profile.envOverrides!({ OPENCODE_CONFIG_CONTENT: '{"share":"disabled"}', OPENCODE_PERMISSION: '{"bash":"allow"}' });
      expect(JSON.parse(env.OPENCODE_CONFIG_CONTENT!)).toEqual({ share: 'disabled', snapshot: false });
      expect(JSON.parse(env.OPENCODE_PERMISSION!)).toEqual({ bash: 'allow', external_directory: 'ask' });
    }
  });

  it('an unparseable inline config is passed on untouched', () => {
    expect(opencodeEnvOverrides({ OPENCODE_CONFIG_CONTENT: '{bad' }).OPENCODE_CONFIG_CONTENT).toBe('{bad');
  });
});
