export * from './define';
export * from './contract';
