import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { GatewayRestApi, Integration } from '../../../lib';
import { binaryPayloadsHandled, checkBinaryMediaTypes } from '../../../lib/rest/validate/binary-media-types';
import { lintTemplates } from '../../harness/cfn-lint';
import { newStack, PUBLIC, restApiBody } from '../../helpers';
import { newModel, route, ruleContext, SCOPE } from '../model-fixtures';

const TEMPLATED = { integration: { type: 'aws', requestTemplates: { 'application/json': '{}' }, responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{}' } } } } };

describe('binaryMediaTypes', () => {
  test.each(['image/png', 'application/octet-stream', 'image/*', '*/*', 'application/vnd.ms-excel', 'image/svg+xml'])('%s is a binary media type', type => {
    expect(checkBinaryMediaTypes(SCOPE, [type])).toEqual([type]);
  });

  test.each([
    ['image', /\[BinaryMediaTypeInvalid\] binaryMediaTypes has "image", which is not a media type: use type\/subtype/],
    ['*/png', /\[BinaryMediaTypeInvalid\]/],
    ['image/png; charset=binary', /\[BinaryMediaTypeInvalid\].*without parameters/],
    ['image/ png', /\[BinaryMediaTypeInvalid\]/],
    ['image~1png', /\[BinaryMediaTypeInvalid\]/],
    ['', /\[BinaryMediaTypeInvalid\]/],
  ])('%j is refused', (type, message) => {
    expect(() => checkBinaryMediaTypes(SCOPE, [type])).toThrow(message);
  });

  test('a media type listed twice (in any case) is refused', () => {
    expect(() => checkBinaryMediaTypes(SCOPE, ['image/png', 'image/png'])).toThrow(/\[BinaryMediaTypeDuplicate\] binaryMediaTypes lists "image\/png" twice, which API Gateway refuses; list each media type once/);
    expect(() => checkBinaryMediaTypes(SCOPE, ['image/png', 'Image/PNG'])).toThrow(/\[BinaryMediaTypeDuplicate\].*\(as "image\/png"; media types ignore case\)/);
  });

  test('rendered as the document\'s x-amazon-apigateway-binary-media-types, in the deployment\'s hash, cfn-lint clean', () => {
    // GIVEN two APIs that differ only in their binary media types
    const build = (binaryMediaTypes?: string[]) => {
      const stack = newStack();
      const api = new GatewayRestApi(stack, 'Api', { binaryMediaTypes });
      api.addRoute('GET /health', Integration.mock(), PUBLIC);
      return Template.fromStack(stack);
    };
    const withTypes = build(['image/png', 'application/pdf']);
    const deployment = (template: Template) => Object.keys(template.findResources('AWS::ApiGateway::Deployment'))[0];
    // THEN the body lists them, and the RestApi has no BinaryMediaTypes property of its own
    expect(restApiBody(withTypes)['x-amazon-apigateway-binary-media-types']).toEqual(['image/png', 'application/pdf']);
    expect(Object.values(withTypes.findResources('AWS::ApiGateway::RestApi'))[0].Properties.BinaryMediaTypes).toBeUndefined();
    expect(restApiBody(build())['x-amazon-apigateway-binary-media-types']).toBeUndefined();
    // AND a change to them is a new deployment
    expect(deployment(withTypes)).not.toEqual(deployment(build(['image/png'])));
    expect(deployment(withTypes)).toEqual(deployment(build(['image/png', 'application/pdf'])));
    expect(lintTemplates([{ name: 'binary-media-types', template: withTypes.toJSON() }])).toEqual([]);
  });

  test('the props are checked when the API is made', () => {
    expect(() => new GatewayRestApi(newStack(), 'Api', { binaryMediaTypes: ['png'] })).toThrow(/Test\/Api: \[BinaryMediaTypeInvalid\] binaryMediaTypes has "png"/);
  });
});

describe('binaryPayloadsHandled', () => {
  test('a route that passes bytes on an API without binary media types warns; with them it does not', () => {
    const files = route('GET /files/{key}', { integration: { integration: { type: 'aws' }, passesBinary: true } });
    const without = newModel();
    without.addRoute(files);
    const context = ruleContext(without);
    binaryPayloadsHandled(context);
    expect(context.warnings).toEqual([expect.stringMatching(/^cdk-apigateway-patterns:binaryMediaTypesMissing: GET \/files\/\{key\} passes files through as bytes/)]);
    const withTypes = newModel({ binaryMediaTypes: ['image/png'] });
    withTypes.addRoute(files);
    const quiet = ruleContext(withTypes);
    binaryPayloadsHandled(quiet);
    expect(quiet.warnings).toEqual([]);
  });

  test('*/* (or application/*) covering the JSON templates of non-proxy routes warns, naming them and the fix', () => {
    const model = newModel({ binaryMediaTypes: ['*/*'] });
    model.addRoute(route('POST /pets', { integration: TEMPLATED }));
    model.addRoute(route('GET /proxy', { integration: { integration: { type: 'aws_proxy', requestTemplates: { 'application/json': '{}' } } } }));
    model.addRoute(route('GET /files/{key}', { integration: { integration: { type: 'aws', responses: { default: { statusCode: '200' } } }, passesBinary: true } }));
    const context = ruleContext(model);
    binaryPayloadsHandled(context);
    expect(context.warnings).toEqual([
      'cdk-apigateway-patterns:binaryMediaTypesCoverTemplates: binaryMediaTypes ["*/*"] covers the content type of mapping templates of POST /pets (application/json): '
      + 'API Gateway handles those bodies as binary, so a request template cannot read the JSON and a response is base64-decoded; '
      + 'list only the binary types the API serves (e.g. image/png instead of */*), or set contentHandling: CONVERT_TO_TEXT on those integrations and their responses.',
    ]);
    const applications = newModel({ binaryMediaTypes: ['application/*'] });
    applications.addRoute(route('POST /pets', { integration: TEMPLATED }));
    const second = ruleContext(applications);
    binaryPayloadsHandled(second);
    expect(second.warnings).toEqual([expect.stringMatching(/binaryMediaTypes \["application\/\*"\] covers/)]);
  });

  test('templates with contentHandling, and binary types that do not cover them, do not warn', () => {
    const model = newModel({ binaryMediaTypes: ['*/*'] });
    model.addRoute(route('POST /pets', {
      integration: { integration: { type: 'aws', contentHandling: 'CONVERT_TO_TEXT', requestTemplates: { 'application/json': '{}' }, responses: { default: { statusCode: '200', contentHandling: 'CONVERT_TO_TEXT', responseTemplates: { 'application/json': '{}' } } } } },
    }));
    const narrow = newModel({ binaryMediaTypes: ['image/png'] });
    narrow.addRoute(route('POST /pets', { integration: TEMPLATED }));
    for (const model_ of [model, narrow]) {
      const context = ruleContext(model_);
      binaryPayloadsHandled(context);
      expect(context.warnings).toEqual([]);
    }
  });

  test('contentHandling on an integration and its responses is rendered, and a value outside the set is refused', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { binaryMediaTypes: ['*/*'] });
    api.addRoute('POST /echo', Integration.http('https://example.com/echo', {
      proxy: false,
      contentHandling: apigw.ContentHandling.CONVERT_TO_TEXT,
      responses: [{ statusCode: 200, contentHandling: apigw.ContentHandling.CONVERT_TO_BINARY }],
    }), PUBLIC);
    const integration = restApiBody(Template.fromStack(stack)).paths['/echo'].post['x-amazon-apigateway-integration'];
    expect(integration.contentHandling).toBe('CONVERT_TO_TEXT');
    expect(integration.responses.default).toEqual({ statusCode: '200', contentHandling: 'CONVERT_TO_BINARY' });
    expect(() => api.addRoute('POST /bad', Integration.http('https://example.com/', { proxy: false, contentHandling: 'TO_TEXT' as apigw.ContentHandling }), PUBLIC))
      .toThrow(/\[ValueNotInSet\] route POST \/bad: contentHandling "TO_TEXT" is not one of "CONVERT_TO_BINARY", "CONVERT_TO_TEXT"/);
  });
});
