import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { GatewayRestApi, Integration } from '../../lib';
import { lintTemplates } from '../harness/cfn-lint';
import { validateOpenApi } from '../harness/openapi-validator';
import { newStack, PUBLIC, restApiBody } from '../helpers';

function integrationOf(stack: Stack, path: string, method: string): any {
  return stack.resolve(restApiBody(Template.fromStack(stack)).paths[path][method]['x-amazon-apigateway-integration']);
}

function statements(stack: Stack, integration: any): any[] {
  const roleId = integration.credentials['Fn::GetAtt'][0];
  const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).filter((policy: any) => policy.Properties.Roles[0].Ref === roleId);
  expect(policies).toHaveLength(1);
  return (policies[0] as any).Properties.PolicyDocument.Statement;
}

function setup(props: { binaryMediaTypes?: string[] } = { binaryMediaTypes: ['image/png'] }): { stack: Stack; api: GatewayRestApi; bucket: s3.Bucket; key: kms.Key } {
  const stack = newStack();
  const key = new kms.Key(stack, 'Key');
  const bucket = new s3.Bucket(stack, 'Files', { encryption: s3.BucketEncryption.KMS, encryptionKey: key, enforceSSL: true });
  return { stack, api: new GatewayRestApi(stack, 'Api', props), bucket, key };
}

describe('S3 GetObject and PutObject', () => {
  test('GetObject: the path override of <bucket>/<prefix>{key}, the key mapped from the path, the object passed through; 403 and 404 answer 404', () => {
    // GIVEN an API with binary media types and an encrypted bucket
    const { stack, api, bucket, key } = setup();
    // WHEN a route serves objects under a prefix
    api.addRoute('GET /pets/{id}/photos/{key}', Integration.s3GetObject(bucket, { keyPrefix: 'photos/' }), PUBLIC);
    // THEN the integration is S3's GET of the path, with the key from the route's path
    const bucketRef = { Ref: stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket) };
    const integration = integrationOf(stack, '/pets/{id}/photos/{key}', 'get');
    expect(integration).toMatchObject({
      type: 'aws',
      httpMethod: 'GET',
      uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':s3:path/', bucketRef, '/photos/{key}']] },
      passthroughBehavior: 'when_no_match',
      requestParameters: { 'integration.request.path.key': 'method.request.path.key' },
    });
    expect(integration.requestTemplates).toBeUndefined();
    expect(integration.contentHandling).toBeUndefined();
    // AND the object passes through with its headers; errors are JSON text whatever the caller accepts
    expect(integration.responses).toEqual({
      'default': {
        statusCode: '200',
        responseParameters: {
          'method.response.header.Content-Type': 'integration.response.header.Content-Type',
          'method.response.header.ETag': 'integration.response.header.ETag',
          'method.response.header.Last-Modified': 'integration.response.header.Last-Modified',
        },
      },
      '403|404': { statusCode: '404', contentHandling: 'CONVERT_TO_TEXT', responseTemplates: { 'application/json': '{"message": "Not found", "requestId": "$context.requestId"}' } },
      '4(0[0-25-9]|[1-9]\\d)': { statusCode: '400', contentHandling: 'CONVERT_TO_TEXT', responseTemplates: { 'application/json': '{"message": "Bad request", "requestId": "$context.requestId"}' } },
      '5\\d{2}': { statusCode: '502', contentHandling: 'CONVERT_TO_TEXT', responseTemplates: { 'application/json': '{"message": "Bad gateway", "requestId": "$context.requestId"}' } },
    });
    const operation = stack.resolve(restApiBody(Template.fromStack(stack)).paths['/pets/{id}/photos/{key}'].get);
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '404', '502']);
    expect(Object.keys(operation.responses['200'].headers)).toEqual(['Content-Type', 'ETag', 'Last-Modified']);
    // AND the role may read the prefix's objects only, and decrypt with the bucket's key
    expect(statements(stack, integration)).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket), 'Arn'] }, '/photos/*']] } },
      { Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
    ]);
  });

  test('PutObject: the body as it is with the caller\'s Content-Type, 200 with the ETag; the role may only write the prefix and make data keys', () => {
    const { stack, api, bucket, key } = setup();
    api.addRoute('PUT /uploads/{name}', Integration.s3PutObject(bucket, { keyParameter: 'name', keyPrefix: 'uploads/' }), PUBLIC);
    const integration = integrationOf(stack, '/uploads/{name}', 'put');
    expect(integration).toMatchObject({
      httpMethod: 'PUT',
      requestParameters: { 'integration.request.path.name': 'method.request.path.name', 'integration.request.header.Content-Type': 'method.request.header.Content-Type' },
    });
    expect(integration.uri['Fn::Join'][1][6]).toBe('/uploads/{name}');
    expect(integration.responses.default).toEqual({
      statusCode: '200',
      contentHandling: 'CONVERT_TO_TEXT',
      responseTemplates: { 'application/json': '{"requestId": "$context.requestId"}' },
      responseParameters: { 'method.response.header.ETag': 'integration.response.header.ETag' },
    });
    // A refused write is the API's configuration, not the caller's fault
    expect(integration.responses['403|5\\d{2}'].statusCode).toBe('502');
    expect(integration.responses['4(0[0-24-9]|[1-9]\\d)'].statusCode).toBe('400');
    const parameters = stack.resolve(restApiBody(Template.fromStack(stack)).paths['/uploads/{name}'].put.parameters);
    expect(parameters).toEqual([
      { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'Content-Type', in: 'header', required: false, schema: { type: 'string' } },
    ]);
    expect(statements(stack, integration)).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.anything(), 'Arn'] }, '/uploads/*']] } },
      { Action: 'kms:GenerateDataKey', Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
    ]);
  });

  test('routes reading two prefixes of one bucket share the GetObject role, allowed on both prefixes; a bucket without a key needs no KMS', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Files', { enforceSSL: true });
    const api = new GatewayRestApi(stack, 'Api', { binaryMediaTypes: ['image/*'] });
    api.addRoute('GET /a/{key}', Integration.s3GetObject(bucket, { keyPrefix: 'a/' }), PUBLIC);
    api.addRoute('GET /b/{key+}', Integration.s3GetObject(bucket, { keyPrefix: 'b/' }), PUBLIC);
    const a = integrationOf(stack, '/a/{key}', 'get');
    expect(integrationOf(stack, '/b/{key+}', 'get').credentials).toEqual(a.credentials);
    const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.anything(), 'Arn'] }, `/${prefix}*`]] });
    expect(statements(stack, a)).toEqual([{ Action: 's3:GetObject', Effect: 'Allow', Resource: [objects('a/'), objects('b/')] }]);
  });

  test('a file route on an API without binary media types warns, with the fix', () => {
    const { stack, api, bucket } = setup({});
    api.addRoute('GET /files/{key}', Integration.s3GetObject(bucket), PUBLIC);
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('GET /files/\\{key\\} passes files through as bytes, but the API has no binaryMediaTypes.*set binaryMediaTypes to the media types the routes serve'));
  });

  test.each([
    [() => Integration.s3GetObject(new s3.Bucket(newStack(), 'B'), { keyPrefix: '../' }), /\[S3KeyPrefixInvalid\] .*keyPrefix "\.\.\/" is invalid/],
    [() => Integration.s3GetObject(new s3.Bucket(newStack(), 'B'), { keyPrefix: 'a/*' }), /\[S3KeyPrefixInvalid\].*without \* \(which would widen the role\)/],
    [() => Integration.s3GetObject(new s3.Bucket(newStack(), 'B'), { keyPrefix: '/a' }), /\[S3KeyPrefixInvalid\]/],
    [() => Integration.s3PutObject(new s3.Bucket(newStack(), 'B'), { keyPrefix: 'a/{x}/' }), /\[S3KeyPrefixInvalid\]/],
    [() => Integration.s3PutObject(new s3.Bucket(newStack(), 'B'), { keyPrefix: 'a//b' }), /\[S3KeyPrefixInvalid\]/],
  ])('bad prefixes %# are rejected when the integration is made', (build, message) => {
    expect(build).toThrow(message);
  });

  test.each([
    [(stack: Stack) => Integration.s3GetObject(new s3.Bucket(stack, 'B')), 'GET /files/{name}', /\[S3KeyParameterUnknown\] route GET \/files\/\{name\}: the object key is read from path parameter "key", which the path does not have; add \{key\}.*or set keyParameter to one of: name/],
    [(stack: Stack) => Integration.s3PutObject(new s3.Bucket(stack, 'B'), { keyParameter: 'file' }), 'PUT /files', /\[S3KeyParameterUnknown\].*one of: \(none\)/],
    [(stack: Stack) => Integration.s3GetObject(s3.Bucket.fromBucketName(stack, 'B', 'Bad_Bucket')), 'GET /files/{key}', /\[S3BucketNameInvalid\] route GET \/files\/\{key\}: bucket name "Bad_Bucket" is invalid/],
  ])('bad routes %# are rejected', (integration, key, message) => {
    const stack = newStack();
    expect(() => new GatewayRestApi(stack, 'Api').addRoute(key, integration(stack), PUBLIC)).toThrow(message);
  });

  test('a file route whose CORS echoes one of several credentialed origins is refused: the echo needs a response template', () => {
    const { stack, bucket } = setup();
    const api = new GatewayRestApi(stack, 'Echo', { binaryMediaTypes: ['image/png'], cors: { allowOrigins: ['https://a.example.com', 'https://b.example.com'], allowCredentials: true } });
    expect(() => api.addRoute('GET /files/{key}', Integration.s3GetObject(bucket), PUBLIC))
      .toThrow(/\[BinaryRouteCorsOriginEcho\] route GET \/files\/\{key\} passes files through as bytes, but its CORS allows several origins with credentials/);
    // An upload answers JSON, which the echo's template can carry
    api.addRoute('PUT /files/{key}', Integration.s3PutObject(bucket), PUBLIC);
  });

  test('the rendered template is cfn-lint clean and the document a valid OpenAPI 3 document', () => {
    const { stack, api, bucket } = setup();
    api.addRoute('GET /files/{key}', Integration.s3GetObject(bucket), PUBLIC);
    api.addRoute('PUT /files/{key}', Integration.s3PutObject(bucket), PUBLIC);
    expect(lintTemplates([{ name: 's3-files', template: Template.fromStack(stack).toJSON() }])).toEqual([]);
    const document = stack.resolve(api.openApiDocument());
    expect(document['x-amazon-apigateway-binary-media-types']).toEqual(['image/png']);
    expect(validateOpenApi(document).valid).toBe(true);
  });
});
