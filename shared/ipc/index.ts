export * from './define';
export * from './contract';
export * from './wire';
export * from './frames';
