import { App, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { CloudWatchRole, CloudWatchRoleBindOptions, CloudWatchRoleConfig, GatewayRestApi, ICloudWatchRole, Integration } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { PUBLIC } from '../helpers';

function addApi(stack: Stack, id: string, cloudWatchRole?: ICloudWatchRole): GatewayRestApi {
  const api = new GatewayRestApi(stack, id, { cloudWatchRole });
  api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, `${id}Fn`)), PUBLIC);
  return api;
}

/** The account logging role's template entry. */
function loggingRole(stack: Stack): { DeletionPolicy?: string } {
  const [, role] = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Role'))
    .find(([id]) => id.startsWith('ApiGatewayCloudWatchLogging'))!;
  return role;
}

describe('the account-level CloudWatch Logs role is one per account and region', () => {
  test('two APIs in one stack share one role and one account setting', () => {
    const stack = new Stack(new App(), 'Test');
    addApi(stack, 'A');
    addApi(stack, 'B');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole', Effect: 'Allow' }] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs']] }],
    });
  });

  test('the role is retained on delete by default, so other APIs keep logging (aws-cdk#22954)', () => {
    const stack = new Stack(new App(), 'Test');
    addApi(stack, 'A');
    expect(loggingRole(stack).DeletionPolicy).toBe('Retain');
  });

  test('a second stack in the same region reuses the first stack\'s role and depends on it', () => {
    const app = new App();
    const first = new Stack(app, 'First', { env: { account: '111111111111', region: 'eu-west-1' } });
    const second = new Stack(app, 'Second', { env: { account: '111111111111', region: 'eu-west-1' } });
    addApi(first, 'A');
    addApi(second, 'B');
    Template.fromStack(first).resourceCountIs('AWS::ApiGateway::Account', 1);
    Template.fromStack(second).resourceCountIs('AWS::ApiGateway::Account', 0);
    expect(second.dependencies).toEqual([first]);
  });

  test('another region gets its own role', () => {
    const app = new App();
    const ireland = new Stack(app, 'Ireland', { env: { account: '111111111111', region: 'eu-west-1' } });
    const virginia = new Stack(app, 'Virginia', { env: { account: '111111111111', region: 'us-east-1' } });
    addApi(ireland, 'A');
    addApi(virginia, 'B');
    Template.fromStack(virginia).resourceCountIs('AWS::ApiGateway::Account', 1);
    expect(virginia.dependencies).toEqual([]);
  });

  test('each CDK Stage has its own (stages deploy independently)', () => {
    const app = new App();
    const beta = new Stack(new Stage(app, 'Beta'), 'Api');
    const prod = new Stack(new Stage(app, 'Prod'), 'Api');
    addApi(beta, 'A');
    addApi(prod, 'A');
    Template.fromStack(prod).resourceCountIs('AWS::ApiGateway::Account', 1);
  });

  test('removal policy DESTROY is honoured, and a conflicting one is an error', () => {
    const stack = new Stack(new App(), 'Test');
    addApi(stack, 'A', CloudWatchRole.managed({ removalPolicy: RemovalPolicy.DESTROY }));
    expect(loggingRole(stack).DeletionPolicy).toBe('Delete');
    expect(() => addApi(stack, 'B', CloudWatchRole.managed())).toThrow(/Test\/B: \[CloudWatchRoleConflict\] CloudWatchRole.managed\(\) asks for removal policy retain, but the shared role .* uses destroy/);
  });

  test('existing() creates nothing and adds no dependency', () => {
    const stack = new Stack(new App(), 'Test');
    addApi(stack, 'A', CloudWatchRole.existing());
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
    expect((Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as any).DependsOn).toBeUndefined();
    expect(CloudWatchRole.existing().createsRole).toBe(false);
    expect(CloudWatchRole.managed().createsRole).toBe(true);
  });
});

describe('a CloudWatch role provider the library does not ship (ICloudWatchRole)', () => {
  test('the API\'s stages deploy after what it returns', () => {
    // GIVEN a provider whose account setting is made elsewhere in the stack (e.g. a landing-zone construct)
    const stack = new Stack(new App(), 'Test');
    const setting = new Construct(stack, 'LandingZoneLogging');
    new apigw.CfnAccount(setting, 'Account', { cloudWatchRoleArn: 'arn:aws:iam::123456789012:role/lz' });
    const scopes: unknown[] = [];
    const provider: ICloudWatchRole = {
      bind: (options: CloudWatchRoleBindOptions): CloudWatchRoleConfig => {
        scopes.push(options.scope);
        return { dependency: setting };
      },
    };
    // WHEN
    const api = addApi(stack, 'A', provider);
    // THEN the library creates no role, and the stage waits for the user's setting
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 1); // the fixture function's
    expect((Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as any).DependsOn).toEqual([expect.stringMatching(/^LandingZoneLoggingAccount/)]);
    expect(scopes).toEqual([api]);
  });

  test('CloudWatchRole.managed().bind() returns the account setting to wait for, existing() nothing', () => {
    const stack = new Stack(new App(), 'Test');
    const api = addApi(stack, 'A', CloudWatchRole.existing());
    expect(CloudWatchRole.existing().bind({ scope: api }).dependency).toBeUndefined();
    expect(CloudWatchRole.managed().bind({ scope: api }).dependency).toBeInstanceOf(apigw.CfnAccount);
  });
});
