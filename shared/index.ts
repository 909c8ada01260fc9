export * from './contract.js';
export * from './contract-kit.js';
export * from './errors.js';
export * from './roles.js';
export * from './rules.js';
export * from './channels/auth.js';
export * from './channels/members.js';
