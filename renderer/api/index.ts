export * from './transport';
export * from './create-api';
export * from './client';
export * from './electron-transport';
export * from './websocket-transport';
export * from './bridge-location';
