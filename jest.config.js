/** Jest runs TypeScript through @swc/jest with legacy decorators and metadata (see DESIGN §5). */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', swc] },
  // Tests import the package by its public names; they resolve to the sources.
  moduleNameMapper: {
    '^socketstream$': '<rootDir>/src/index.ts',
    '^socketstream/decorators$': '<rootDir>/decorators/index.ts',
    '^socketstream/client$': '<rootDir>/src/client/index.ts',
    '^socketstream/testing$': '<rootDir>/src/testing/index.ts',
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 20000,
};
