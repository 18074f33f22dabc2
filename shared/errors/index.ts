export * from './error-code';
export * from './app-error';
export * from './error-hint';
export * from './permanent-failure';
