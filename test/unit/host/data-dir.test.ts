import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../src-main/core/data-dir';

const home = os.homedir();

describe('resolveDataDir', () => {
  it('prefers --data-dir over BOOCODER_HOME and the platform default, made absolute', () => {
    expect(resolveDataDir('/explicit/dir', { BOOCODER_HOME: '/env/home' }, 'linux')).toBe(path.resolve('/explicit/dir'));
    expect(resolveDataDir('relative/dir', { BOOCODER_HOME: '/env/home' }, 'darwin')).toBe(path.resolve(process.cwd(), 'relative/dir'));
  });

  it('uses BOOCODER_HOME when there is no --data-dir', () => {
    expect(resolveDataDir(undefined, { BOOCODER_HOME: '/env/home', XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe(path.resolve('/env/home'));
    expect(resolveDataDir(undefined, { BOOCODER_HOME: 'rel/home' }, 'win32')).toBe(path.resolve('rel/home'));
  });

  it('treats an empty --data-dir or BOOCODER_HOME as not given', () => {
    expect(resolveDataDir('', { BOOCODER_HOME: '/env/home' }, 'linux')).toBe(path.resolve('/env/home'));
    expect(resolveDataDir('', { BOOCODER_HOME: '' }, 'linux')).toBe(path.join(home, '.config', 'BooCoder'));
  });

  it('falls back to the platform folder: linux XDG_CONFIG_HOME or ~/.config', () => {
    expect(resolveDataDir(undefined, {}, 'linux')).toBe(path.join(home, '.config', 'BooCoder'));
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe(path.join('/xdg', 'BooCoder'));
  });

  it('falls back to ~/Library/Application Support on darwin, ignoring XDG', () => {
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/xdg' }, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'BooCoder'));
  });

  it('falls back to %APPDATA% (or ~/AppData/Roaming) on win32', () => {
    expect(resolveDataDir(undefined, { APPDATA: 'C:/Users/me/AppData/Roaming' }, 'win32')).toBe(path.join('C:/Users/me/AppData/Roaming', 'BooCoder'));
    expect(resolveDataDir(undefined, {}, 'win32')).toBe(path.join(home, 'AppData', 'Roaming', 'BooCoder'));
  });
});
