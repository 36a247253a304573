import { describe, expect, it } from 'vitest';
import { commandForKey, shortcutLabel, SHORTCUTS, type KeyChord } from '../../../src-renderer/state/shortcut';

const k = (key: string, p: Partial<KeyChord> = {}): KeyChord => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...p });

describe('browser-safe shortcuts', () => {
  it('Alt+N, Alt+W, Alt+] and Alt+[ do what the keys Chrome keeps do, by physical key (macOS Option changes the character)', () => {
    expect(commandForKey(k('n', { altKey: true, code: 'KeyN' }))).toBe('chat.new');
    expect(commandForKey(k('˜', { altKey: true, code: 'KeyN' }))).toBe('chat.new');
    expect(commandForKey(k('∑', { altKey: true, code: 'KeyW' }))).toBe('chat.close');
    expect(commandForKey(k(']', { altKey: true, code: 'BracketRight' }))).toBe('tab.next');
    expect(commandForKey(k('[', { altKey: true, code: 'BracketLeft' }))).toBe('tab.previous');
    // Without a code (synthetic events), the character decides.
    expect(commandForKey(k('N', { altKey: true }))).toBe('chat.new');
    // Alt with other modifiers, or other keys, stays the page's and the browser's.
    expect(commandForKey(k('n', { altKey: true, shiftKey: true, code: 'KeyN' }))).toBeNull();
    expect(commandForKey(k('t', { altKey: true, ctrlKey: true, code: 'KeyT' }))).toBeNull();
    expect(commandForKey(k('d', { altKey: true, code: 'KeyD' }))).toBeNull();
  });

  it('tooltips show the key that works: the alternative in a browser, both on the desktop', () => {
    expect(shortcutLabel('chat.new', true)).toBe('Alt+N');
    expect(shortcutLabel('chat.new', false)).toBe('Ctrl/⌘+T or Alt+N');
    expect(shortcutLabel('settings.open', true)).toBe('Ctrl/⌘+,');
    // No alternative uses a key Chrome keeps for itself.
    const chromeKeeps = /^(Ctrl\/⌘\+[TWN]|Ctrl\+(Shift\+)?Tab|Ctrl\+Page(Up|Down)|Alt\+(Shift\+)?[TDEF])$/;
    for (const s of Object.values(SHORTCUTS)) if (s.browser) expect(s.browser).not.toMatch(chromeKeeps);
  });
});

describe('page shortcuts', () => {
  it('Ctrl/Cmd+F finds in the chat (the page takes it from the browser), Ctrl/Cmd+Shift+F stays the browser’s', () => {
    expect(commandForKey(k('f', { ctrlKey: true }))).toBe('chat.find');
    expect(commandForKey(k('F', { metaKey: true }))).toBe('chat.find');
    expect(commandForKey(k('f', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(commandForKey(k('f'))).toBeNull();
  });
});
