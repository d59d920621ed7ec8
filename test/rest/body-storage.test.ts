import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { substituteMarkers } from '../../handlers/rest-api-body';
import { Authorization, BodyStorage, GatewayRestApi, GatewayRestApiProps, Integration } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';
import { PUBLIC } from '../helpers';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

/** An API of `routes` Lambda routes over ten functions, as the benchmark builds it. */
function largeApi(routes: number, props: GatewayRestApiProps = {}, app = new App()) {
  const stack = new Stack(app, 'Large');
  const functions = Array.from({ length: 10 }, (_, i) => new lambda.Function(stack, `Fn${i}`, {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'), timeout: Duration.seconds(5),
  }));
  const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.none(), ...props });
  const integrations = functions.map(fn => Integration.lambda(fn));
  for (let i = 0; i < routes; i++) {
    api.addRoute(`${METHODS[i % METHODS.length]} /svc${Math.floor(i / METHODS.length)}`, integrations[i % integrations.length]);
  }
  return { app, stack, api };
}

function restApi(template: Template): any {
  return Object.values(template.findResources('AWS::ApiGateway::RestApi'))[0];
}

function deploymentIds(template: Template): string[] {
  return Object.keys(template.findResources('AWS::ApiGateway::Deployment'));
}

/** The body the S3 object will hold: the asset with the custom resource's values put in, as the handler does. */
function renderedBody(app: App, stack: Stack): any {
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template;
  const body = Object.values(template.Resources as Record<string, any>).find(resource => resource.Type === 'Custom::ApiGatewayRestApiBody').Properties;
  const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8'));
  const file = Object.values(manifest.files as Record<string, any>).find(entry => entry.source.path.endsWith('.body.json'));
  const marked = JSON.parse(fs.readFileSync(path.join(assembly.directory, file.source.path), 'utf8'));
  return substituteMarkers(marked, body.MarkerPrefix, body.Values);
}

describe('BodyStorage', () => {
  test('AUTO keeps a small body in the template, with no S3 machinery', () => {
    const stack = new Stack(new App(), 'Small');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    const template = Template.fromStack(stack);
    expect(restApi(template).Properties.Body.paths['/pets']).toBeDefined();
    expect(restApi(template).Properties.BodyS3Location).toBeUndefined();
    template.resourceCountIs('Custom::ApiGatewayRestApiBody', 0);
  });

  test('AUTO moves a body that would take over 600,000 bytes of the template to S3: 5,000 routes in a template far under the limit, with few resources', () => {
    const { stack } = largeApi(5000);
    const template = Template.fromStack(stack);
    const api = restApi(template);
    expect(api.Properties.Body).toBeUndefined();
    expect(api.Properties.BodyS3Location).toEqual({
      Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^ApiBody/), 'Bucket'] },
      Key: { 'Fn::GetAtt': [expect.stringMatching(/^ApiBody/), 'Key'] },
    });
    const resources = Object.keys(template.toJSON().Resources).length;
    expect(resources).toBeLessThan(500);
    expect(Buffer.byteLength(JSON.stringify(template.toJSON(), undefined, 1))).toBeLessThan(100_000);
    // One value per function, not one per route.
    const values = Object.values(template.findResources('Custom::ApiGatewayRestApiBody'))[0].Properties.Values;
    expect(Object.keys(values)).toHaveLength(10);
  });

  test('a body kept in S3 renders, at deploy, to exactly the body the template would have held', () => {
    const inS3 = largeApi(30, { bodyStorage: BodyStorage.S3 });
    const inline = largeApi(30, { bodyStorage: BodyStorage.TEMPLATE });
    expect(renderedBody(inS3.app, inS3.stack)).toEqual(restApi(Template.fromStack(inline.stack)).Properties.Body);
  });

  test('where the body is kept does not change the deployment; a change to the definition does', () => {
    const ids = (routes: number, bodyStorage: BodyStorage) => deploymentIds(Template.fromStack(largeApi(routes, { bodyStorage }).stack));
    expect(ids(30, BodyStorage.S3)).toEqual(ids(30, BodyStorage.TEMPLATE));
    expect(ids(31, BodyStorage.S3)).not.toEqual(ids(30, BodyStorage.S3));
  });

  test('AUTO keeps 1,300 routes in the template (under 600,000 bytes of it) and moves 2,000 to S3', () => {
    expect(restApi(Template.fromStack(largeApi(1300).stack)).Properties.Body).toBeDefined();
    expect(restApi(Template.fromStack(largeApi(2000).stack)).Properties.BodyS3Location).toBeDefined();
  });

  test('TEMPLATE keeps even a large body inline, and a body too large for the template fails the synth with the fix', () => {
    const { stack } = largeApi(3200, { bodyStorage: BodyStorage.TEMPLATE });
    // 3,200 routes: about 0.75 MB of minified JSON, but over 1,000,000 bytes as the template holds it (indented).
    expect(() => Template.fromStack(stack)).toThrow(/\[TemplateTooLarge\].*bytes of the template.*bodyStorage: BodyStorage\.S3/);
  });

  test('a body kept in S3 that takes a value from another stack imports it through the custom resource', () => {
    const app = new App();
    const functions = new Stack(app, 'Functions');
    const fn = fixtureFunction(functions, 'Fn');
    const stack = new Stack(app, 'Api');
    const api = new GatewayRestApi(stack, 'Api', { bodyStorage: BodyStorage.S3 });
    api.addRoute('GET /pets', Integration.lambda(fn), PUBLIC);
    const values = JSON.stringify(Object.values(Template.fromStack(stack).findResources('Custom::ApiGatewayRestApiBody'))[0].Properties.Values);
    expect(values).toContain('Fn::ImportValue');
    expect(values).not.toContain('Fn::GetAtt');
    expect(Object.keys(Template.fromStack(functions).toJSON().Outputs ?? {})).toHaveLength(1);
  });

  test('the template of a body kept in S3 passes cfn-lint', () => {
    const { app, stack } = largeApi(50, { bodyStorage: BodyStorage.S3 });
    expect(lintTemplates([{ name: 'body-in-s3', template: app.synth().getStackByName(stack.stackName).template }])).toEqual([]);
  });
});
