/** Whether this page runs in a plain browser (the headless host) rather than BooCoder's own window, where the browser keeps some keys. */
export const inBrowser = (): boolean => typeof window !== 'undefined' && !window.boocoderRaw;
