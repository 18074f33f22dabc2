export * from './host-spec';
export * from './profile';
export * from './prompt';
export * from './files';
