/** A (chat, agent) pair: one warm session each. */
export const sessionKey = (chatId: string, agent: string): string => `${chatId}\u0000${agent}`;

export const parseSessionKey = (key: string): { chatId: string; agent: string } => {
  const [chatId = '', agent = ''] = key.split('\u0000');
  return { chatId, agent };
};
