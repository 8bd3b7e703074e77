export * from './options';
export * from './registry';
export * from './smoke';
export * from './build-cache';
export * from './image-workflow';
