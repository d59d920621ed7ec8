import * as fs from 'fs';
import * as path from 'path';
import { APIGatewayClient, GetResourcesCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { App, Stack } from 'aws-cdk-lib';
import { buildSampleApp } from '../../bin/sample-app';
import { Authorization, GatewayRestApi, Integration } from '../../lib';
import { FIXTURES, fixtureFunction } from '../fixtures';
import { MotoServer, startMoto } from '../harness/moto';
import { validateOpenApiFiles } from '../harness/openapi-validator';

/** Every GatewayRestApi of the sample app and of every fixture, with the directory its app synthesized into. */
function allApis(): Array<{ name: string; api: GatewayRestApi; outdir: string }> {
  const apps: Array<[string, App]> = [];
  const sample = new App();
  buildSampleApp(sample);
  apps.push(['sample', sample]);
  for (const [name, build] of Object.entries(FIXTURES)) {
    const app = new App();
    build(app);
    apps.push([name, app]);
  }
  return apps.flatMap(([name, app]) => {
    const assembly = app.synth();
    return app.node.findAll().filter((c): c is GatewayRestApi => c instanceof GatewayRestApi)
      .map(api => ({ name: `${name}: ${api.node.path}`, api, outdir: assembly.directory }));
  });
}

const APIS = allApis();
const OPERATION_KEYS: Record<string, string> = {
  'get': 'GET', 'post': 'POST', 'put': 'PUT', 'patch': 'PATCH', 'delete': 'DELETE', 'head': 'HEAD', 'options': 'OPTIONS', 'x-amazon-apigateway-any-method': 'ANY',
};

describe('OpenAPI export', () => {
  test('both documents are written into the cloud assembly next to the template', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Shop');
    const api = new GatewayRestApi(stack, 'Api', { description: 'Shop' });
    api.addRoute('ANY /items/{id}', Integration.lambda(fixtureFunction(stack, 'Fn')), { operationId: 'item', authorization: Authorization.iam() });
    // WHEN
    const assembly = app.synth();
    // THEN
    expect(api.openApiFile).toBe('Shop.Api.openapi.json');
    expect(api.awsOpenApiFile).toBe('Shop.Api.openapi.aws.json');
    expect(fs.existsSync(path.join(assembly.directory, 'Shop.template.json'))).toBe(true);
    const clean = JSON.parse(fs.readFileSync(path.join(assembly.directory, api.openApiFile), 'utf8'));
    const aws = JSON.parse(fs.readFileSync(path.join(assembly.directory, api.awsOpenApiFile), 'utf8'));
    expect(aws).toEqual(api.openApiDocument());
    expect(clean).toEqual(api.openApiDocument({ awsExtensions: false }));
    expect(aws.paths['/items/{id}']['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration'].type).toBe('aws_proxy');
    // The client's document has no extensions, and ANY becomes every method with its own operationId.
    expect(JSON.stringify(clean)).not.toContain('x-amazon-apigateway');
    expect(Object.keys(clean.paths['/items/{id}'])).toEqual(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
    expect(clean.paths['/items/{id}'].delete.operationId).toBe('item_delete');
    expect(clean.components.securitySchemes.sigv4).toEqual({ type: 'apiKey', name: 'Authorization', in: 'header' });
  });

  // Every document is validated in one run of the validator; each API's test reads its own results.
  const validations = validateOpenApiFiles(APIS.flatMap(({ api, outdir }) => [api.openApiFile, api.awsOpenApiFile]
    .map(file => path.join(outdir, file))));
  test.each(APIS.map(entry => [entry.name, entry] as const))('%s: both documents pass an OpenAPI validator', (_name, { api, outdir }) => {
    for (const file of [api.openApiFile, api.awsOpenApiFile]) {
      const result = validations.get(path.join(outdir, file))!;
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    }
  });
});

describe('OpenAPI import into moto_server', () => {
  let moto: MotoServer;
  let client: APIGatewayClient;

  beforeAll(async () => {
    moto = await startMoto();
    client = new APIGatewayClient({ endpoint: moto.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
  });

  test.each(APIS.map(entry => [entry.name, entry] as const))('%s: imports, and the resources and methods read back match the routes', async (_name, { api, outdir }) => {
    // GIVEN the document API Gateway would import, with deploy-time values filled in as CloudFormation would
    const document = withDeployTimeValues(JSON.parse(fs.readFileSync(path.join(outdir, api.awsOpenApiFile), 'utf8')));
    // moto's importer reads info.description unconditionally, and wants a uri and httpMethod on every
    // integration, mock ones included; API Gateway needs neither.
    document.info.description ??= 'imported by the test suite';
    for (const item of Object.values(document.paths as Record<string, Record<string, any>>)) {
      for (const operation of Object.values(item)) {
        const integration = operation['x-amazon-apigateway-integration'];
        if (integration?.type === 'mock') {
          integration.uri ??= 'mock';
          integration.httpMethod ??= 'POST';
        }
      }
    }
    // WHEN
    const imported = await client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(document)), failOnWarnings: false }));
    const resources = await client.send(new GetResourcesCommand({ restApiId: imported.id, embed: ['methods'], limit: 500 }));
    // THEN
    const expected = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .flatMap(([route, item]) => Object.keys(item).filter(key => key in OPERATION_KEYS).map(key => `${OPERATION_KEYS[key]} ${route}`)).sort();
    // moto names an ANY method after its OpenAPI key, upper-cased.
    const actual = (resources.items ?? []).flatMap(resource => Object.keys(resource.resourceMethods ?? {})
      .map(method => `${method === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : method} ${resource.path}`)).sort();
    expect(actual).toEqual(expected);
    const routes = api._model.routes.all.map(route => route.parsed.key);
    expect(actual).toEqual(expect.arrayContaining(routes));
  });
});

/** Replaces the CloudFormation intrinsics in a document with plausible values, as a deployment would. */
function withDeployTimeValues(value: any): any {
  if (Array.isArray(value)) {
    return value.map(withDeployTimeValues);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  if ('Ref' in value) {
    return `ref-${String(value.Ref).replace(/^AWS::/, '').toLowerCase()}`;
  }
  if ('Fn::GetAtt' in value) {
    // Integration credentials are role ARNs, which moto checks belong to its account (123456789012).
    return `arn:aws:iam::123456789012:role/${value['Fn::GetAtt'][0]}`;
  }
  if ('Fn::Join' in value) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map(withDeployTimeValues).join(separator);
  }
  if ('Fn::Sub' in value) {
    return String(value['Fn::Sub']).replace(/\$\{([^!}][^}]*)\}/g, (_, name) => `sub-${name.replace(/[^A-Za-z0-9]/g, '')}`).replace(/\$\{!/g, '${');
  }
  if ('Fn::ImportValue' in value || 'Fn::Select' in value || 'Fn::Split' in value || 'Fn::GetStackOutput' in value) {
    return 'deploy-time-value';
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withDeployTimeValues(item)]));
}
