export * from './options';
export * from './registry';
export * from './smoke';
export * from './image-workflow';
