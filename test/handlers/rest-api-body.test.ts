import { createHash } from 'crypto';
import * as http from 'http';
import * as net from 'net';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { handler, substituteMarkers } from '../../handlers/rest-api-body';
import { markIntrinsics } from '../../lib/rest/body-markers';
import { MotoServer, startMoto } from '../harness/moto';

let moto: MotoServer;
let s3: S3Client;
let server: http.Server;
let responseUrl: string;
const responses: any[] = [];

const BUCKET = 'cdk-hnb659fds-assets-123456789012-us-east-1';
const PREFIX = 'cdk-apigateway-patterns/rest-api-bodies/Shop/Api/Body.Shop/';

beforeAll(async () => {
  moto = await startMoto();
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ENDPOINT_URL_S3 = moto.endpoint;
  s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  // The handler logs one line per request for CloudWatch; the tests read the responses instead.
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', chunk => body += chunk);
    request.on('end', () => {
      responses.push(JSON.parse(body));
      response.end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
  responseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/response`;
}, 60_000);

afterAll(async () => {
  jest.restoreAllMocks();
  delete process.env.AWS_ENDPOINT_URL_S3;
  await new Promise(resolve => server?.close(resolve));
  await moto?.stop();
});

/** A resolved body as the construct gets it: Lambda URIs (one function twice), a user pool ARN. */
const BODY = {
  openapi: '3.0.2',
  info: { title: 'Shop', version: '1' },
  paths: {
    '/a': { get: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': ['A12', 'Arn'] }, '/invocations']] } } } },
    '/b': { get: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': ['A12', 'Arn'] }, '/invocations']] } } } },
  },
  components: { securitySchemes: { pool: { 'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [{ 'Fn::GetAtt': ['Pool1', 'Arn'] }] } } } },
};

/** Publishes the marked body as the CDK CLI would publish the asset; returns the resource's properties with the values CloudFormation resolved. */
async function publish(values: (marker: string) => unknown = marker => `resolved:${marker.split('-').pop()}`, body: unknown = BODY) {
  const marked = markIntrinsics(body);
  const content = JSON.stringify(marked.document);
  const sourceKey = `${createHash('sha256').update(content).digest('hex')}.json`;
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: sourceKey, Body: content }));
  const resolved = Object.fromEntries(Object.keys(marked.values).map(marker => [marker, values(marker)]));
  return { SourceBucket: BUCKET, SourceKey: sourceKey, MarkerPrefix: marked.markerPrefix, Values: resolved, TargetPrefix: PREFIX };
}

function event(requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, unknown>, physicalResourceId?: string): any {
  return {
    RequestType: requestType,
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Shop/1',
    RequestId: `request-${responses.length}`,
    LogicalResourceId: 'ApiBody',
    ResourceType: 'Custom::ApiGatewayRestApiBody',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:x',
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: { ServiceToken: 'x', ...properties },
    OldResourceProperties: { ServiceToken: 'x', ...properties },
  };
}

async function read(key: string): Promise<any> {
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  expect(object.ContentType).toBe('application/json');
  return JSON.parse(await object.Body!.transformToString());
}

async function exists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  }
}

describe('rest-api-body handler against moto_server', () => {
  test('create writes the body with the values substituted, under the prefix, at its content address', async () => {
    // GIVEN a published asset and the values CloudFormation resolved
    const properties = await publish();
    // WHEN
    await handler(event('Create', properties));
    // THEN
    const response = responses.at(-1);
    expect(response).toMatchObject({ Status: 'SUCCESS', LogicalResourceId: 'ApiBody', Data: { Bucket: BUCKET } });
    const key: string = response.Data.Key;
    expect(key).toMatch(new RegExp(`^${PREFIX.replace(/[.]/g, '\\.')}[0-9a-f]{64}\\.json$`));
    expect(response.PhysicalResourceId).toBe(`s3://${BUCKET}/${key}`);
    const rendered = await read(key);
    // Both routes share one value (one marker), and no marker is left.
    expect(rendered.paths['/a'].get['x-amazon-apigateway-integration'].uri).toBe('resolved:0');
    expect(rendered.paths['/b'].get['x-amazon-apigateway-integration'].uri).toBe('resolved:0');
    expect(rendered.components.securitySchemes.pool['x-amazon-apigateway-authorizer'].providerARNs).toEqual(['resolved:1']);
    expect(rendered.info).toEqual(BODY.info);
    expect(JSON.stringify(rendered)).not.toMatch(/cdk-rest-api-body-/);
    // AND the key is the SHA-256 of the object
    const text = JSON.stringify(rendered);
    expect(key).toBe(`${PREFIX}${createHash('sha256').update(text).digest('hex')}.json`);
    // AND an update with the same values answers with the same object (no replacement of the RestApi's location)
    await handler(event('Update', properties, response.PhysicalResourceId));
    expect(responses.at(-1)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: response.PhysicalResourceId });
  });

  test('an update with a changed value writes a new key and keeps the old one for CloudFormation to delete', async () => {
    const first = await publish(marker => `v1:${marker.split('-').pop()}`);
    await handler(event('Create', first));
    const old = responses.at(-1);
    // WHEN a function was replaced (its ARN changed)
    const second = await publish(marker => `v2:${marker.split('-').pop()}`);
    await handler(event('Update', second, old.PhysicalResourceId));
    // THEN
    const updated = responses.at(-1);
    expect(updated.Status).toBe('SUCCESS');
    expect(updated.Data.Key).not.toBe(old.Data.Key);
    expect(updated.PhysicalResourceId).toBe(`s3://${BUCKET}/${updated.Data.Key}`);
    expect((await read(updated.Data.Key)).paths['/a'].get['x-amazon-apigateway-integration'].uri).toBe('v2:0');
    expect(await exists(old.Data.Key)).toBe(true);
  });

  test('delete removes its own object only', async () => {
    // GIVEN two rendered bodies under the prefix, and the source asset
    const one = await publish(() => 'one');
    await handler(event('Create', one));
    const mine = responses.at(-1);
    const other = await publish(() => 'other');
    await handler(event('Create', other));
    const theirs = responses.at(-1);
    // WHEN
    await handler(event('Delete', one, mine.PhysicalResourceId));
    // THEN
    expect(responses.at(-1)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: mine.PhysicalResourceId, Reason: `deleted ${mine.PhysicalResourceId}` });
    expect(await exists(mine.Data.Key)).toBe(false);
    expect(await exists(theirs.Data.Key)).toBe(true);
    expect(await exists(one.SourceKey)).toBe(true);
  });

  test.each([
    ['outside the prefix', (key: string) => `s3://${BUCKET}/${key}`],
    ['in another bucket', (key: string) => `s3://another-bucket/${PREFIX}${key}`],
    ['not an s3 URL (a failed create)', () => 'failed:request-1'],
  ])('delete of a physical id %s does nothing', async (_what, physicalId) => {
    // GIVEN an object the resource did not render
    const properties = await publish();
    const bystander = `${'b'.repeat(64)}.json`;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: bystander, Body: '{}' }));
    // WHEN
    await handler(event('Delete', properties, physicalId(bystander)));
    // THEN SUCCESS (a delete never blocks a rollback), and the object is still there
    expect(responses.at(-1)).toMatchObject({ Status: 'SUCCESS', Reason: expect.stringMatching(/is not a body this resource rendered.*nothing deleted/) });
    expect(await exists(bystander)).toBe(true);
  });

  test('a delete never deletes an object under the prefix that is not a rendered body', async () => {
    const properties = await publish();
    const key = `${PREFIX}keep-me.json`;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{}' }));
    await handler(event('Delete', properties, `s3://${BUCKET}/${key}`));
    expect(responses.at(-1).Reason).toMatch(/nothing deleted/);
    expect(await exists(key)).toBe(true);
  });

  test('a marker without a value is FAILED, naming the marker and where it is; nothing is written', async () => {
    // GIVEN Values without the second marker (it resolved to AWS::NoValue)
    const properties = await publish();
    const values = { ...properties.Values as Record<string, unknown> };
    const missing = Object.keys(values)[1];
    delete values[missing];
    const before = (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: PREFIX }))).KeyCount;
    // WHEN
    await handler(event('Create', { ...properties, Values: values }));
    // THEN
    expect(responses.at(-1)).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: expect.stringMatching(/^failed:/),
      Reason: `MarkerValueMissing: the body has marker ${missing} at /components/securitySchemes/pool/x-amazon-apigateway-authorizer/providerARNs/0, and Values has no value for it (a value that resolved to AWS::NoValue, or a template edited by hand)`,
    });
    expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: PREFIX }))).KeyCount).toBe(before);
  });

  test('a missing source object is FAILED with the reason; a failed update keeps its physical id', async () => {
    const properties = { ...await publish(), SourceKey: `${'0'.repeat(64)}.json` };
    await handler(event('Update', properties, `s3://${BUCKET}/${PREFIX}${'1'.repeat(64)}.json`));
    expect(responses.at(-1)).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: `s3://${BUCKET}/${PREFIX}${'1'.repeat(64)}.json`,
      Reason: expect.stringMatching(/^SourceObjectMissing: the body asset s3:\/\/.*\/0{64}\.json does not exist/),
    });
  });

  test.each([
    ['a bucket that is no bucket name', { SourceBucket: 'Not A Bucket' }, /SourceBucket "Not A Bucket" is not an S3 bucket name/],
    ['a target prefix without a trailing slash', { TargetPrefix: 'cdk-apigateway-patterns' }, /TargetPrefix .* must be a key prefix that ends with "\/"/],
    ['a marker prefix the construct does not render', { MarkerPrefix: '' }, /MarkerPrefix "" is not one the construct renders/],
  ])('properties with %s are refused', async (_what, change, reason) => {
    await handler(event('Create', { ...await publish(), ...change }));
    expect(responses.at(-1)).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(reason) });
  });

  test('the handler\'s substitution is the inverse of the construct\'s marking', () => {
    const marked = markIntrinsics(BODY);
    expect(substituteMarkers(marked.document, marked.markerPrefix, marked.values)).toEqual(BODY);
    // A "__proto__" key stays an ordinary key.
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": {"Ref": "X"}}');
    const again = markIntrinsics(hostile);
    const result = substituteMarkers(again.document, again.markerPrefix, again.values) as any;
    expect(Object.keys(result)).toEqual(['__proto__', 'a']);
    expect(({} as any).polluted).toBeUndefined();
  });
});
