export * from './options';
export * from './platform';
export * from './registry';
export * from './smoke';
export * from './docker-workflow';
export * from './image-workflow';
