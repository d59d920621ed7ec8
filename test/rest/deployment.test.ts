import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { buildSampleApp } from '../../bin/sample-app';
import { Endpoint, GatewayRestApi, Integration, StageOptions } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { PUBLIC } from '../helpers';

interface Variant {
  readonly routes?: string[];
  readonly description?: string;
  readonly apiName?: string;
  readonly stages?: StageOptions[];
  readonly code?: string;
  readonly privateEndpoints?: number;
  readonly timeoutMs?: number;
}

/** The logical id of the API's deployment for one variant of the same app. */
function deploymentId(variant: Variant = {}): string {
  const stack = new Stack(new App(), 'Test');
  const fn = fixtureFunction(stack, 'Fn');
  if (variant.code) {
    (fn.node.defaultChild as any).addPropertyOverride('Code.ZipFile', variant.code);
  }
  let endpoint;
  if (variant.privateEndpoints) {
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    endpoint = Endpoint.private({
      vpcEndpoints: Array.from({ length: variant.privateEndpoints }, (_, i) =>
        vpc.addInterfaceEndpoint(`E${i}`, { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY })),
    });
  }
  const api = new GatewayRestApi(stack, 'Api', { description: variant.description, apiName: variant.apiName, stages: variant.stages, endpoint });
  for (const route of variant.routes ?? ['GET /pets']) {
    api.addRoute(route, Integration.lambda(fn, variant.timeoutMs ? { timeout: Duration.millis(variant.timeoutMs) } : {}), PUBLIC);
  }
  const deployments = Object.keys(Template.fromStack(stack).findResources('AWS::ApiGateway::Deployment'));
  expect(deployments).toHaveLength(1);
  return deployments[0];
}

describe('the deployment redeploys when, and only when, the deployed API changes', () => {
  const base = deploymentId();

  test('the logical id is stable for the same app', () => {
    expect(deploymentId()).toBe(base);
    expect(base).toMatch(/^ApiDeployment[0-9A-F]{8}[0-9A-F]{10}$/);
  });

  test.each<[string, Variant]>([
    ['a route is added', { routes: ['GET /pets', 'POST /pets'] }],
    ['a route changes path', { routes: ['GET /cats'] }],
    ['an integration setting changes', { timeoutMs: 1000 }],
    ['the resource policy changes (private endpoints)', { privateEndpoints: 1 }],
  ])('a new deployment when %s', (_what, variant) => {
    expect(deploymentId(variant)).not.toBe(base);
  });

  test('one more VPC endpoint in the private policy is a new deployment too', () => {
    expect(deploymentId({ privateEndpoints: 2 })).not.toBe(deploymentId({ privateEndpoints: 1 }));
  });

  test.each<[string, Variant]>([
    ['the API description changes', { description: 'new words' }],
    ['the API name changes', { apiName: 'Renamed' }],
    ['a stage variable changes', { stages: [{ name: 'prod', variables: { v: 'other' } }] }],
    ['a stage is added', { stages: [{ name: 'prod' }, { name: 'dev' }] }],
    ['the function code changes', { code: 'exports.handler = async () => ({ statusCode: 204 });' }],
  ])('the same deployment when %s', (_what, variant) => {
    expect(deploymentId(variant)).toBe(base);
  });

  test('a route added after the logical id was first resolved still makes a new deployment', () => {
    const stack = new Stack(new App(), 'Test');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    const early = stack.resolve(api.deployment.logicalId);
    api.addRoute('POST /pets', Integration.lambda(fixtureFunction(stack, 'Fn2')), PUBLIC);
    const [final] = Object.keys(Template.fromStack(stack).findResources('AWS::ApiGateway::Deployment'));
    expect(final).not.toBe(early);
    expect(Template.fromStack(stack).toJSON().Resources[final]).toBeDefined();
  });

  test('every stage points at the one deployment', () => {
    const stack = new Stack(new App(), 'Test');
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'a' }, { name: 'b' }] });
    api.addRoute('GET /x', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    const template = Template.fromStack(stack);
    const [deployment] = Object.keys(template.findResources('AWS::ApiGateway::Deployment'));
    for (const stage of Object.values(template.findResources('AWS::ApiGateway::Stage')) as any[]) {
      expect(stage.Properties.DeploymentId).toEqual({ Ref: deployment });
    }
  });
});

describe('determinism', () => {
  test('synthesizing the sample app twice gives byte-identical templates', () => {
    const render = (): string[] => {
      const app = new App();
      const stacks = buildSampleApp(app);
      const assembly = app.synth();
      return stacks.map(stack => JSON.stringify(assembly.getStackByName(stack.stackName).template));
    };
    expect(render()).toEqual(render());
  });
});
