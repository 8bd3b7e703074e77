/**
 * The Cargo reading layer (internal: nothing here is part of the package's jsii API).
 */
export * from './model';
export { loadWorkspace, inspectWorkspace } from './workspace';
export type { WorkspaceInspection } from './workspace';
export { readToolchain } from './toolchain';
export { readCargoConfig } from './cargo-config';
