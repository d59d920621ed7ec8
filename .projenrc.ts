import { awscdk, javascript, JsonFile } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

/**
 * The floor of the peer dependency is the oldest aws-cdk-lib that cdk-nag 3
 * accepts; development happens against the 2.276 line.
 */
const CDK_FLOOR = '2.257.0';
const CDK_DEV = '2.276.0';
/** The CDK CLI line that reads the cloud assemblies aws-cdk-lib 2.276 writes (npm's `latest`, 3.0.0, cannot). */
const CDK_CLI = '2.1148.1';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-apigateway-patterns',
  description: 'Opinionated, validated Amazon API Gateway patterns for AWS CDK: REST APIs rendered as OpenAPI, Lambda aliases through stage variables, AWS service integrations, HTTP and WebSocket APIs, secure and observable stages.',
  author: 'cdk-apigateway-patterns maintainers',
  authorAddress: 'maintainers@users.noreply.b-seed-bc4edafb.example',
  repositoryUrl: 'https://github.com/maintainers/cdk-apigateway-patterns.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  keywords: ['cdk', 'aws-cdk', 'awscdk', 'apigateway', 'api-gateway', 'openapi', 'lambda', 'serverless'],

  cdkVersion: CDK_FLOOR,
  constructsVersion: '10.5.1',
  // aws-cdk-lib is a peer dependency with a floor; development pins the newer line below.
  peerDependencyOptions: { pinnedDevDependency: false },
  jsiiVersion: '~6.0.0',

  srcdir: 'lib',
  libdir: 'dist',
  testdir: 'test',
  // The compiled library lives in dist/, so the module's entry point is there, and build
  // artifacts (the npm tarball, the other languages' packages) go elsewhere.
  entrypoint: 'dist/index.js',
  entrypointTypes: 'dist/index.d.ts',
  artifactsDirectory: 'packages',

  devDeps: [
    '@types/node@^20',
    `aws-cdk-lib@${CDK_DEV}`,
    'constructs@10.5.1',
    `aws-cdk@${CDK_CLI}`,
    'cdk-nag@^3.0.2',
    // Interop tests: a GatewayRestApi monitored as users of cdk-monitoring-constructs would.
    'cdk-monitoring-constructs@^10.2.0',
    'fast-check@^4',
    'ts-node@^10',
    '@aws-sdk/client-api-gateway@^3',
    // The WebSocket chat handlers' clients; bundled into their assets.
    '@aws-sdk/client-dynamodb@^3',
    '@aws-sdk/lib-dynamodb@^3',
    '@aws-sdk/client-apigatewaymanagementapi@^3',
    // The REST API body renderer's client (a body kept in S3); bundled into its asset.
    '@aws-sdk/client-s3@^3',
    '@types/aws-lambda@^8',
    // An OpenAPI 3.0/3.1 validator maintained outside this project, which checks the exported documents.
    '@seriousme/openapi-schema-validator@^2',
    // A Velocity engine, which runs the mapping-template helpers' VTL in tests.
    'velocityjs@^2',
  ],
  // Parses imported OpenAPI documents written in YAML; bundled, so users install nothing for it.
  bundledDeps: ['yaml@^2'],

  // No hosted CI or release automation here: `.ci/run` is the gate.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  docgen: false,

  publishToPypi: { distName: 'cdk-apigateway-patterns', module: 'cdk_apigateway_patterns' },
  publishToMaven: {
    javaPackage: 'io.github.cdkapigatewaypatterns',
    mavenGroupId: 'io.github.cdk-apigateway-patterns',
    mavenArtifactId: 'cdk-apigateway-patterns',
  },
  publishToNuget: { dotNetNamespace: 'CdkApigatewayPatterns', packageId: 'CdkApigatewayPatterns' },
  publishToGo: { moduleName: 'github.com/maintainers/cdk-apigateway-patterns-go' },

  jestOptions: {
    // CI must fail on snapshot drift, never rewrite snapshots.
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      collectCoverageFrom: ['lib/**/*.ts', 'handlers/**/*.ts'],
      coverageThreshold: { lines: 90 },
      // Istanbul instrumentation of the library's own files (jest's default provider) rather than V8's coverage of
      // every script the tests load (aws-cdk-lib included) converted back per test file: the same threshold, at
      // 265 instead of 350 CPU seconds for the suite.
      coverageProvider: 'babel',
      testTimeout: 120_000,
      // Jest's default on a 2-core machine is one worker (cores - 1); much of the suite waits on cfn-lint,
      // moto and the TypeScript compiler, so a second worker overlaps that waiting with work.
      maxWorkers: 2,
      // aws-cdk-lib's built-in template validator off in tests: cfn-lint is the check (test/setup-env.ts).
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      // One cfn-lint for the whole run instead of one process (and ~1.3 s of rule loading) per call.
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
    },
  },
  // '/node_modules' also matches a symlink of that name (a git worktree's link to this checkout's modules), which 'node_modules/' does not.
  gitignore: ['/node_modules', 'cdk.out/', '/.rosetta-out/', '/.tmp/', '.jsii.tabl.json'],
});

for (const pattern of ['/bin/', '/bench/', 'cdk.json', '/tsconfig.typecheck.json', '/.ci/', '/rosetta/', '/handlers/', '/cdk.out/', '/.rosetta-out/']) {
  project.addPackageIgnore(pattern);
}

// unrs-resolver 1.13.0 (used by jest 30 and the eslint import resolver) lists optional
// platform bindings that the npm registry reachable here does not serve, which breaks
// `npm ci`'s lockfile check; 1.12.2 satisfies both dependents and has every binding.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// The sample app and the benchmark are linted like the library.
project.eslint?.addLintPattern('bin');
project.eslint?.addLintPattern('bench');
project.eslint?.addLintPattern('handlers');
// The layers of lib/ point one way (core <- integrations, auth <- rest, http, websocket <- the rest); a cycle is an error.
project.eslint?.addRules({ 'import/no-cycle': ['error', { ignoreExternal: true }] });
// import/no-cycle first maps every module reachable from a file, and without this it walked all of aws-cdk-lib's
// declaration files too (most of eslint's time). No cycle can pass through node_modules, and with ignoreExternal
// none would be reported there; no other enabled rule reads these maps.
project.tryFindObjectFile('.eslintrc.json')!.addOverride('settings.import/ignore', ['node_modules']);
// Handlers are bundled with their dependencies (the AWS SDK among them), so those are rightly devDependencies.
project.eslint?.addOverride({
  files: ['handlers/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, optionalDependencies: false, peerDependencies: true }] },
});

// Lambda handlers are TypeScript in handlers/, bundled with esbuild (AWS SDK included) into
// assets/ before the jsii compile; the package ships the bundles, so users need no bundler.
for (const entry of ['stage-settings/index', 'rest-api-body/index', 'websocket-chat/connect', 'websocket-chat/disconnect', 'websocket-chat/send-message']) {
  project.bundler.addBundle(`./handlers/${entry}.ts`, {
    platform: 'node',
    target: 'node22',
    externals: [],
    sourcemap: false,
    minify: true,
  });
}

// The sample app runs straight from TypeScript; bundling the handlers first keeps
// `npm ci && npx cdk synth` free of any other build step.
new JsonFile(project, 'cdk.json', {
  obj: {
    // bin/bundle-if-stale.js re-bundles the handlers only when a source changed since the last bundle.
    app: 'node bin/bundle-if-stale.js && npx ts-node --transpile-only --project bin/tsconfig.json bin/app.ts',
    output: 'cdk.out',
    // The sample's only cross-stack reference is the edge certificate's; keep CloudFormation's protection of the producer.
    context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' },
  },
});
// The sample app, the benchmark and the handlers are type-checked like the tests, against the library's own compiler options.
for (const dir of ['bin', 'bench', 'handlers']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, rootDir: '..' },
      include: ['**/*.ts'],
    },
  });
}

// jsii-rosetta compiles every TypeScript example in the README in strict mode. `--batch` compiles them as
// the files of one TypeScript program (each example its own module, its diagnostics its own) instead of a
// program per example: the same translations and errors for about 40% of the time. An example unchanged
// since the last run, in source, fixture and the library's types it uses, is reused from the tablet that
// rosetta keeps next to the assembly (.jsii.tabl.json, not committed: a clean clone compiles them all).
project.addTask('rosetta', {
  description: 'Compile the README examples with jsii-rosetta (strict)',
  exec: 'jsii-rosetta extract --strict --fail --batch --output .rosetta-out/tablet.json',
});

// Type-check what ts-jest (isolated modules) and ts-node (transpile-only) do not: the tests, the sample
// app, the benchmark and the handlers as one program (tsconfig.typecheck.json), which reads the library
// and aws-cdk-lib's declarations once instead of once per directory.
new JsonFile(project, 'tsconfig.typecheck.json', {
  obj: {
    extends: './tsconfig.json',
    // isolatedModules as for the tests: ts-jest, ts-node --transpile-only and esbuild all compile file by file.
    compilerOptions: { noEmit: true, rootDir: '.', isolatedModules: true },
    include: ['test/**/*.ts', 'bin/**/*.ts', 'bench/**/*.ts', 'handlers/**/*.ts'],
    exclude: ['node_modules'],
  },
});
project.addTask('typecheck', {
  description: 'Type-check tests, the sample app, the benchmark and the handlers',
  exec: 'tsc --noEmit -p tsconfig.typecheck.json',
});

// `npm test` = handler bundles + jsii compile + (README examples, type-check, eslint) + jest.
// `build` has bundled and compiled just before it spawns `test`, so there `test` skips those two steps.
// (projen locks the build task, so its environment is set in the task manifest.)
project.tryFindObjectFile('.projen/tasks.json')!.addOverride('tasks.build.env', { CDK_APIGW_PATTERNS_BUILT: '1' });
const unlessBuilt = { condition: '[ -z "$CDK_APIGW_PATTERNS_BUILT" ]' };
const testTask = project.tasks.tryFind('test')!;
// The README examples, the type check and eslint need only the compiled library, not each other: side by side.
const checks = project.addTask('checks', {
  description: 'jsii-rosetta, the type check and eslint, at the same time',
  exec: 'node bin/parallel-tasks.js rosetta typecheck eslint',
});
testTask.prependSpawn(checks);
testTask.prependSpawn(project.compileTask, unlessBuilt);
// The snapshots carry the handler bundles' asset hashes, so tests run against fresh bundles: made again when a
// bundle is missing or older than a handler source or the lockfile (after `cdk synth` made them, they are fresh).
testTask.prependExec('node bin/bundle-if-stale.js', unlessBuilt);
// eslint runs in `checks`, before jest, rather than after it.
testTask.removeStep(testTask.steps.findIndex(step => step.spawn === 'eslint'));

// `npm run --silent bench -- --markdown` passes --markdown through to the script.
project.addTask('bench', {
  description: 'Scale benchmark: prints one JSON object per line (--markdown: README tables)',
  exec: 'ts-node --transpile-only --project bench/tsconfig.json bench/bench.ts',
  receiveArgs: true,
});

// The public API's type table (argument checks at every entry point); test/api-types.test.ts fails when it is stale.
project.addTask('api-types', {
  description: 'Regenerate lib/core/private/api-types.generated.ts from lib/index.ts',
  exec: 'ts-node --transpile-only --project test/tsconfig.json test/harness/api-types.ts',
});

// The hostile-input property test with many more runs than `npm test` gives it.
project.addTask('soak', {
  description: 'Hostile-input property test, long run (HOSTILE_RUNS, HOSTILE_SEED to override)',
  exec: 'HOSTILE_RUNS=${HOSTILE_RUNS:-2000} HOSTILE_SEED=${HOSTILE_SEED:-random} HOSTILE_MAX_LINTED=${HOSTILE_MAX_LINTED:-400} HOSTILE_VERBOSE=1 jest --coverage=false --testTimeout=3600000 test/hostile-input.test.ts',
});

project.synth();
