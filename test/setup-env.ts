/*
 * aws-cdk-lib runs its built-in CloudFormation validator on every App synth. In these tests it can
 * only warn (it downgrades its findings to warnings unless `@aws-cdk/core:validateAgainstDefaultRules`
 * is set, which the library does not ask of its users), while the suite lints its templates with the
 * real cfn-lint (test/harness/cfn-lint.ts, test/compliance.test.ts), whose findings fail a test. The
 * built-in pass was more than half of jest's time, so it is off here; `CDK_VALIDATION=true npx jest`
 * runs it anyway. Users' own `cdk synth` is unaffected.
 */
process.env.CDK_VALIDATION ??= 'false';
