export * from './options';
export * from './platform';
export * from './registry';
export * from './smoke';
export * from './image-workflow';
