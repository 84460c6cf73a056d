import 'reflect-metadata';

export { createTestingApp, TestingAppBuilder, type TestingAppDefinition, type OverrideBy } from './testing-app-builder';
export { TestingApp, type TestingConnectOptions } from './testing-app';
