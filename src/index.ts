export * from './plan/options';
export * from './dockerfile/runtime';
export * from './dockerfile/linking';
export * from './dockerfile/caching';
export * from './projen/rust-docker-image';
export * from './ci';
export * from './workspace';
export * from './project';
