import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { GatewayRestApi, Integration, ResponseTransferMode } from '../../lib';
import { renderBody } from '../../lib/rest/render/openapi-body';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';
import { validateOpenApiFiles } from '../harness/openapi-validator';
import { newStack, PUBLIC, restApiBody } from '../helpers';
import { newModel, route } from './model-fixtures';

describe('minimumCompressionSize', () => {
  test('renders x-amazon-apigateway-minimum-compression-size, 0 included; left out, the body has no such key', () => {
    for (const size of [0, 1024, 10_485_760]) {
      const model = newModel({ minimumCompressionSize: size });
      model.addRoute(route('GET /a'));
      expect(renderBody(model)['x-amazon-apigateway-minimum-compression-size']).toBe(size);
    }
    const model = newModel();
    model.addRoute(route('GET /a'));
    expect(Object.keys(renderBody(model))).not.toContain('x-amazon-apigateway-minimum-compression-size');
  });

  test('is kept in the body (so a change redeploys), not as the MinimumCompressionSize property', () => {
    const stack = newStack();
    new GatewayRestApi(stack, 'Api', { minimumCompressionSize: 1024 }).addRoute('GET /a', Integration.mock(), PUBLIC);
    const template = Template.fromStack(stack);
    expect(restApiBody(template)['x-amazon-apigateway-minimum-compression-size']).toBe(1024);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { MinimumCompressionSize: Match.absent() });
    // AND API Gateway applies a new size only once the API is redeployed: the deployment's logical id follows it
    const deployments = [1024, 2048].map(size => {
      const other = newStack();
      new GatewayRestApi(other, 'Api', { minimumCompressionSize: size }).addRoute('GET /a', Integration.mock(), PUBLIC);
      return Object.keys(Template.fromStack(other).findResources('AWS::ApiGateway::Deployment'));
    });
    expect(deployments[0]).toHaveLength(1);
    expect(deployments[1]).not.toEqual(deployments[0]);
  });

  test('the documented range, 0 to 10,485,760 bytes, in whole numbers', () => {
    const make = (size: number) => () => new GatewayRestApi(newStack(), 'Api', { minimumCompressionSize: size });
    expect(make(-1)).toThrow(/\[ValueOutOfRange\] minimumCompressionSize must be between 0 and 10485760, got -1\. API Gateway compresses responses from 0 bytes to 10 MB/);
    expect(make(10_485_761)).toThrow(/\[ValueOutOfRange\]/);
    expect(make(1.5)).toThrow(/\[ValueNotWhole\] minimumCompressionSize must be a whole number, got 1.5/);
    expect(make(NaN)).toThrow(/minimumCompressionSize/);
    expect(make(Token.asNumber({ Ref: 'Size' }))).not.toThrow();
  });

  test('an API that compresses and streams warns that streamed routes are not compressed', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { minimumCompressionSize: 1024 });
    api.addRoute('GET /stream', Integration.http('https://a.example.com/', { responseTransferMode: ResponseTransferMode.STREAM }), PUBLIC);
    api.addRoute('GET /json', Integration.http('https://a.example.com/json'), PUBLIC);
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('minimumCompressionSize 1024 does not apply to routes that stream \\(GET /stream\\)'));
  });

  test('the body with compression is a document the OpenAPI validator accepts, in a template cfn-lint accepts', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'compression-')) });
    const stack = new Stack(app, 'Compression');
    const api = new GatewayRestApi(stack, 'Api', { minimumCompressionSize: 0 });
    api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    const assembly = app.synth();
    const file = path.join(assembly.directory, api.awsOpenApiFile);
    const validation = validateOpenApiFiles([file]).get(file)!;
    expect(validation.errors).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(lintTemplates([{ name: 'compression', template: assembly.getStackByName('Compression').template }])).toEqual([]);
  });
});
