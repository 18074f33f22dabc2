export * from './host-spec';
export * from './connection-spec';
export * from './profile';
export * from './prompt';
export * from './files';
export * from './ssh-keys';
export * from './trust';
