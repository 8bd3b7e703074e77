export * from './options';
export * from './rust-workspace-images';
export * from './workflow';
