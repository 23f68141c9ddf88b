import type { CodegenConfig } from '@graphql-codegen/cli';

// The web app's operations, written with `graphql()` from examples/web/src/gql and typed against
// schema.graphql. Run from the repository root (npm run codegen); CI fails when src/gql is stale.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/web/src/**/*.{ts,tsx}', '!examples/web/src/gql/**'],
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    'examples/web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default config;
