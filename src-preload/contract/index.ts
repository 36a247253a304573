export * from './agent-event';
export * from './errors';
export * from './methods';
export * from './agent-setup';
export * from './events';
export * from './wire';
export * from './bridge';
export * from './usage-math';
