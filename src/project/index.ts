export * from './rust-docker-project';
