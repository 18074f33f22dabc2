export * from './host-spec';
