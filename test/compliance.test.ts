import { App, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { FIXTURES } from './fixtures';
import { lintTemplates } from './harness/cfn-lint';
import { ALL_PACKS, nagErrors, NagPackName } from './harness/nag';
import { buildSampleApp } from '../bin/sample-app';

/**
 * Every stack of the sample app and of the fixtures is linted by cfn-lint
 * (one batched run) and checked by the cdk-nag AwsSolutions, Serverless,
 * HIPAA Security and NIST 800-53 R5 packs: zero errors, zero unacknowledged nag errors.
 */
describe('compliance of every synthesized stack', () => {
  const apps: Array<{ name: string; app: App; stacks: Stack[] }> = [];
  const sample = new App();
  buildSampleApp(sample);
  // Every stack of the app, including those the library adds (the us-east-1 certificate stack).
  apps.push({ name: 'sample', app: sample, stacks: sample.node.children.filter((child): child is Stack => child instanceof Stack) });
  for (const [name, build] of Object.entries(FIXTURES)) {
    const app = new App();
    build(app);
    apps.push({ name, app, stacks: app.node.children.filter((child): child is Stack => child instanceof Stack) });
  }

  test('cfn-lint reports nothing (beyond the documented ignore list)', () => {
    const templates = apps.flatMap(({ name, app, stacks }) => {
      const assembly = app.synth();
      return stacks.map(stack => ({ name: `${name}-${stack.stackName}`, template: assembly.getStackByName(stack.stackName).template }));
    });
    expect(templates.length).toBeGreaterThanOrEqual(7);
    expect(lintTemplates(templates)).toEqual([]);
  });

  test.each(apps.map(entry => [entry.name, entry] as const))('cdk-nag AwsSolutions, Serverless, HIPAA Security and NIST 800-53 R5: no unacknowledged errors in %s', (_name, { app }) => {
    expect(nagErrors(app, ALL_PACKS)).toEqual([]);
  });

  test('the nag harness reports what nobody acknowledged (the packs are really running)', () => {
    const app = new App();
    const stack = new Stack(app, 'Unacknowledged');
    new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;') });
    expect(nagErrors(app).map(finding => finding.rule)).toEqual(expect.arrayContaining(['Serverless-LambdaDLQ', expect.stringMatching(/^AwsSolutions-IAM4\[Policy::.*AWSLambdaBasicExecutionRole\]$/)]));
  });

  test('the HIPAA Security and NIST 800-53 R5 packs are really running, and honour acknowledgments', () => {
    // GIVEN a function with no dead-letter queue, VPC or reserved concurrency, one rule acknowledged
    const app = new App();
    const stack = new Stack(app, 'Unacknowledged');
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;') });
    Validations.of(fn).acknowledge({ id: 'HIPAA.Security-LambdaInsideVPC', reason: 'test' });
    // WHEN the two packs run
    const rules = nagErrors(app, [NagPackName.HIPAA_SECURITY, NagPackName.NIST_800_53_R5]).map(finding => finding.rule);
    // THEN both report what nobody acknowledged, and not the acknowledged rule
    expect(rules).toEqual(expect.arrayContaining(['HIPAA.Security-LambdaDLQ', 'HIPAA.Security-LambdaConcurrency', 'NIST.800.53.R5-LambdaInsideVPC', 'NIST.800.53.R5-LambdaDLQ']));
    expect(rules).not.toContain('HIPAA.Security-LambdaInsideVPC');
  });

  test('the harness catches a broken template (cfn-lint is really running)', () => {
    const findings = lintTemplates([{ name: 'broken', template: { Resources: { Bad: { Type: 'AWS::ApiGateway::Stage', Properties: { StageName: 'x' } } } } }]);
    expect(findings.map(finding => finding.rule)).toContain('E3003');
  });
});
