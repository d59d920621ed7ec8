import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { FIXTURES } from './fixtures';
import { lintTemplates } from './harness/cfn-lint';
import { ALL_PACKS, NagFinding, nagErrors, NagPackName } from './harness/nag';
import { validateOpenApiFiles, withoutIntrinsics } from './harness/openapi-validator';
import { buildSampleApp } from '../bin/sample-app';

/**
 * HIPAA Security and NIST 800-53 R5 findings that follow from options a fixture
 * leaves unset, by rule (without the pack's prefix) and construct path.
 */
const FIXTURE_CHOICES: ReadonlyArray<readonly [string, RegExp]> = [
  // No logGroupEncryptionKey.
  ['CloudWatchLogGroupEncrypted', /AccessLogs\/Resource$|\/(Connect|Disconnect|SendMessage)Logs\/Resource$|StageSettingsProvider\/Logs\/Resource$|RestApiBodyProvider\/Logs\/Resource$/],
  // No clientCertificateId.
  ['APIGWSSLEnabled', /\/Stage-[^/]+\/Resource$/],
  // No webAcl, or a managed one without a logGroup.
  ['APIGWAssociatedWithWAF', /\/Stage-[^/]+\/Resource$/],
  ['WAFv2LoggingEnabled', /\/WebAcl$/],
  // Monitoring without an alarmAction; a stage with tracingEnabled: false.
  ['CloudWatchAlarmAction', /\/Monitoring-[^/]+\//],
  ['APIGWXrayEnabled', /^AliasStages\/Api\/Stage-staging\/Resource$/],
  // The fixtures' own resources: unencrypted logs and flow-log roles, an IAM role's grant, the integrations fixture's
  // public subnets and load balancer (the VPC link's target).
  ['CloudWatchLogGroupEncrypted', /\/Vpc\/all\/LogGroup\/Resource$|^Integrations\/FulfilmentLogs\/Resource$/],
  ['IAMNoInlinePolicy', /\/Vpc\/all\/IAMRole\/DefaultPolicy\/Resource$|^AccessControl\/Ops\/DefaultPolicy\/Resource$/],
  ['VPCNoUnrestrictedRouteToIGW', /^Integrations\/Vpc\/PublicSubnet/],
  ['VPCSubnetAutoAssignPublicIpDisabled', /^Integrations\/Vpc\/PublicSubnet/],
  ['ELBDeletionProtectionEnabled', /^Integrations\/Backend\/Resource$/],
  ['ELBLoggingEnabled', /^Integrations\/Backend\/Resource$/],
  // The private-integration fixture's NLB (its ALB is acknowledged as the sample app's is).
  ['ELBDeletionProtectionEnabled', /^PrivateIntegration\/Quotes\/Resource$/],
  ['ELBLoggingEnabled', /^PrivateIntegration\/Quotes\/Resource$/],
];

/** `HIPAA.Security-LambdaDLQ` and `NIST.800.53.R5-LambdaDLQ` are both `LambdaDLQ`; other packs' rules are left as they are. */
function complianceRule(rule: string): string {
  return rule.replace(/^(HIPAA\.Security|NIST\.800\.53\.R5)-/, '');
}

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

  test('every REST API body in a template is a valid OpenAPI document (one validator run)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compliance-openapi-'));
    try {
      const files = apps.flatMap(({ name, app, stacks }) => {
        const assembly = app.synth();
        return stacks.flatMap(stack => Object.entries(assembly.getStackByName(stack.stackName).template.Resources ?? {})
          .filter(([, resource]: [string, any]) => resource.Type === 'AWS::ApiGateway::RestApi' && resource.Properties?.Body)
          .map(([logicalId, resource]: [string, any]) => {
            const file = join(dir, `${name}-${stack.stackName}-${logicalId}.json`);
            writeFileSync(file, JSON.stringify(withoutIntrinsics(resource.Properties.Body)));
            return file;
          }));
      });
      expect(files.length).toBeGreaterThanOrEqual(20);
      const invalid = [...validateOpenApiFiles(files)].filter(([, result]) => !result.valid).map(([file, result]) => `${file}: ${JSON.stringify(result.errors).slice(0, 300)}`);
      expect(invalid).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('cdk-nag AwsSolutions, Serverless, HIPAA Security and NIST 800-53 R5: no unacknowledged errors in the sample app', () => {
    expect(nagErrors(sample, ALL_PACKS)).toEqual([]);
  });

  // Fixtures exercise one capability each with the library's defaults: AwsSolutions and Serverless
  // must be clean; of HIPAA and NIST only the findings of options a fixture leaves unset may remain
  // (the sample app sets them all). What the library acknowledges itself is checked here too.
  test.each(apps.filter(entry => entry !== apps[0]).map(entry => [entry.name, entry] as const))('cdk-nag: no unacknowledged errors in fixture %s beyond its unset options', (_name, { app }) => {
    const isFixtureChoice = (finding: NagFinding) => FIXTURE_CHOICES
      .some(([rule, path]) => complianceRule(finding.rule) === rule && path.test(finding.constructPath));
    expect(nagErrors(app, ALL_PACKS).filter(finding => !isFixtureChoice(finding))).toEqual([]);
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
