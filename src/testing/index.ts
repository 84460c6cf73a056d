import 'reflect-metadata';

export { createTestingApp, TestingAppBuilder, type TestingAppDefinition, type OverrideBy, type Public } from './testing-app-builder';
export { TestingApp, type TestingConnectOptions } from './testing-app';
