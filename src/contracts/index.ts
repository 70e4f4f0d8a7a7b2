export * from './vocabulary';
export * from './resource';
export * from './submit';
export * from './status';
export * from './isbn';
