export * from './options';
export * from './rust-docker-image';
export * from './docker-workflow';
