export * from './agent-event';
export * from './errors';
export * from './methods';
export * from './events';
export * from './wire';
export * from './bridge';
export * from './usage-math';
