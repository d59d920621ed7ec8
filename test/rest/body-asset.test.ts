import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, IAspect, LegacyStackSynthesizer, NestedStack, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { substituteMarkers } from '../../handlers/rest-api-body';
import { Authorization, GatewayRestApi, Integration } from '../../lib';
import { isIntrinsic } from '../../lib/core/intrinsics';
import { RestApiBodyAsset } from '../../lib/rest/body-asset';
import { markIntrinsics } from '../../lib/rest/body-markers';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';
import { ALL_PACKS, nagErrors, NagPackName } from '../harness/nag';
import { PUBLIC } from '../helpers';

const PROVIDER = 'CdkApigatewayPatternsRestApiBodyProvider';

/**
 * A stack whose REST API (a CfnRestApi) reads its body from S3: the body of a
 * real GatewayRestApi with Lambda routes over three functions, an alias route
 * and a Cognito authorizer, resolved as the template would hold it.
 */
function bodyInS3(options: { description?: string; routes?: number; logKey?: boolean } = {}) {
  const app = new App();
  const stack = new Stack(app, 'Bodies');
  const pool = new cognito.UserPool(stack, 'Pool');
  const api = new GatewayRestApi(stack, 'Pets', { description: options.description, defaultAuthorization: Authorization.cognito([pool]), stages: [{ name: 'prod', lambdaAlias: 'live' }] });
  const functions = ['List', 'Get', 'Orders'].map(id => fixtureFunction(stack, id));
  for (let i = 0; i < (options.routes ?? 12); i++) {
    api.addRoute(`GET /pets${i}/{id}`, Integration.lambda(functions[i % 2]));
  }
  api.addRoute('POST /orders', Integration.lambdaAlias(functions[2]), PUBLIC);
  new lambda.Alias(stack, 'Live', { aliasName: 'live', version: functions[2].currentVersion });
  const body = () => stack.resolve(api.openApiDocument()) as Record<string, unknown>;
  const logGroupEncryptionKey = options.logKey ? new kms.Key(stack, 'LogKey', { enableKeyRotation: true }) : undefined;
  const asset = new RestApiBodyAsset(stack, 'PetsBody', { body, logGroupEncryptionKey });
  const external = new apigw.CfnRestApi(stack, 'External', { name: 'external', bodyS3Location: asset.location });
  return { app, stack, api, body, asset, external };
}

/** Every distinct intrinsic of a value, by its JSON. */
function distinctIntrinsics(value: unknown, into = new Set<string>()): Set<string> {
  if (isIntrinsic(value)) {
    into.add(JSON.stringify(value));
  } else if (Array.isArray(value)) {
    value.forEach(item => distinctIntrinsics(item, into));
  } else if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(child => distinctIntrinsics(child, into));
  }
  return into;
}

function bodyResource(template: Template): any {
  const resources = Object.values(template.findResources('Custom::ApiGatewayRestApiBody')) as any[];
  expect(resources).toHaveLength(1);
  return resources[0];
}

describe('RestApiBodyAsset: a REST API body kept in S3', () => {
  test('the template carries each distinct intrinsic once; the asset holds the rest, and substituting the values gives the body back', () => {
    // GIVEN
    const { app, body } = bodyInS3();
    // WHEN
    const assembly = app.synth();
    const template = Template.fromJSON(assembly.getStackByName('Bodies').template);
    const resource = bodyResource(template);
    const original = body();
    // THEN one value per distinct intrinsic (3 functions' invocation URIs, the alias one, the user pool ARN, ...), far fewer than routes
    const distinct = distinctIntrinsics(original);
    const values = resource.Properties.Values;
    expect(Object.keys(values)).toHaveLength(distinct.size);
    expect(new Set(Object.values(values).map(value => JSON.stringify(value)))).toEqual(distinct);
    expect(distinct.size).toBeLessThan(8);
    // AND the asset file is in the assembly, listed in the stack's asset manifest, minified, with no intrinsic left
    const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Bodies.assets.json'), 'utf8'));
    const entries = Object.entries(manifest.files).filter(([, file]: [string, any]) => file.source.path.endsWith('.body.json')) as Array<[string, any]>;
    expect(entries).toHaveLength(1);
    const [hash, file] = entries[0];
    expect(file.source.packaging).toBe('file');
    expect(Object.values(file.destinations).map((destination: any) => destination.objectKey)).toEqual([`${hash}.json`]);
    expect(resource.Properties.SourceKey).toBe(`${hash}.json`);
    expect(resource.Properties.SourceBucket).toEqual({ 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' });
    const text = fs.readFileSync(path.join(assembly.directory, file.source.path), 'utf8');
    expect(text).not.toMatch(/\n/);
    const stored = JSON.parse(text);
    expect(text).toBe(JSON.stringify(stored));
    expect(distinctIntrinsics(stored).size).toBe(0);
    expect(text).not.toMatch(/"(Ref|Fn::[A-Za-z]+)"/);
    // AND the round trip: the handler's own substitution of the values gives the body the template would have inlined
    expect(substituteMarkers(stored, resource.Properties.MarkerPrefix, values)).toEqual(original);
    // AND the RestApi reads the rendered object the custom resource reports
    const logicalId = Object.keys(template.findResources('Custom::ApiGatewayRestApiBody'))[0];
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'external',
      BodyS3Location: { Bucket: { 'Fn::GetAtt': [logicalId, 'Bucket'] }, Key: { 'Fn::GetAtt': [logicalId, 'Key'] } },
    });
  });

  test('values are shared across routes: 200 routes over the same functions carry no more values than 12', () => {
    const count = (routes: number) => {
      const { stack } = bodyInS3({ routes });
      return Object.keys(bodyResource(Template.fromStack(stack)).Properties.Values).length;
    };
    expect(count(200)).toBe(count(12));
  });

  test('Template.fromStack registers the asset and writes its file too', () => {
    const { app, stack } = bodyInS3();
    const resource = bodyResource(Template.fromStack(stack));
    const file = path.join(app.outdir, `asset.${resource.Properties.SourceKey.replace(/\.json$/, '')}.body.json`);
    expect(fs.existsSync(file)).toBe(true);
  });

  test('a body created from an Aspect (before prepare, routes added later) renders the final body', () => {
    // GIVEN a body asset an Aspect creates, and a route added after it
    const app = new App();
    const stack = new Stack(app, 'Aspected');
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.none() });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')));
    let created = false;
    const aspect: IAspect = {
      visit(node: IConstruct) {
        if (node === api && !created) {
          created = true;
          const asset = new RestApiBodyAsset(stack, 'Late', { body: () => stack.resolve(api.openApiDocument()) });
          new apigw.CfnRestApi(stack, 'External', { name: 'late', bodyS3Location: asset.location });
        }
      },
    };
    Aspects.of(app).add(aspect);
    api.addRoute('GET /b', Integration.lambda(fixtureFunction(stack, 'Other')));
    // WHEN
    const assembly = app.synth();
    // THEN the stored body has both routes
    const resource = bodyResource(Template.fromJSON(assembly.getStackByName('Aspected').template));
    const stored = JSON.parse(fs.readFileSync(path.join(assembly.directory, `asset.${resource.Properties.SourceKey.replace(/\.json$/, '')}.body.json`), 'utf8'));
    expect(Object.keys(stored.paths)).toEqual(expect.arrayContaining(['/a', '/b']));
  });

  test('the handler\'s role reads the asset only and writes and deletes only under the API\'s target prefix', () => {
    const { stack } = bodyInS3();
    const template = Template.fromStack(stack);
    const resource = bodyResource(template);
    const policy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith(PROVIDER))![1] as any;
    const statements = policy.Properties.PolicyDocument.Statement as any[];
    const bucketArn = ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' }];
    expect(statements).toEqual(expect.arrayContaining([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [...bucketArn, `/${resource.Properties.SourceKey}`]] } },
      {
        Action: ['s3:PutObject', 's3:DeleteObject'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [...bucketArn, '/cdk-apigateway-patterns/rest-api-bodies/Bodies/PetsBody.', { Ref: 'AWS::StackName' }, '/*']] },
      },
      {
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Effect: 'Allow',
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
          ArnLike: { 'kms:EncryptionContext:aws:s3:arn': [{ 'Fn::Join': ['', bucketArn] }, { 'Fn::Join': ['', [...bucketArn, '/*']] }] },
        },
      },
    ]));
    // Nothing else but tracing.
    expect(statements.map(statement => statement.Action)).toEqual([
      ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], 's3:GetObject', ['s3:PutObject', 's3:DeleteObject'], ['kms:Decrypt', 'kms:GenerateDataKey'],
    ]);
    // AND the target prefix the handler is given is the one the role may write
    expect(resource.Properties.TargetPrefix).toEqual({ 'Fn::Join': ['', ['cdk-apigateway-patterns/rest-api-bodies/Bodies/PetsBody.', { Ref: 'AWS::StackName' }, '/']] });
  });

  test('cdk gc keeps the rendered bodies: a rendered key up to its first "." occurs literally in the template', () => {
    // `cdk gc` deletes a bootstrap-bucket object unless `key.split('.')[0]` is a substring of a deployed template.
    const { stack } = bodyInS3();
    const template = Template.fromStack(stack).toJSON();
    const prefix = bodyResource(Template.fromJSON(template)).Properties.TargetPrefix['Fn::Join'][1];
    const renderedKey = `${prefix[0]}${'MyStack'}${prefix[2]}${'a'.repeat(64)}.json`;
    expect(renderedKey.split('.')[0]).toBe('cdk-apigateway-patterns/rest-api-bodies/Bodies/PetsBody');
    expect(JSON.stringify(template)).toContain(`"${renderedKey.split('.')[0]}.`);
  });

  test('one handler per stack serves every body in it, each with its own prefix', () => {
    const { stack, api } = bodyInS3();
    const second = new RestApiBodyAsset(stack, 'SecondBody', { body: () => stack.resolve(api.openApiDocument()) });
    new apigw.CfnRestApi(stack, 'Second', { name: 'second', bodyS3Location: second.location });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::ApiGatewayRestApiBody', 2);
    expect(Object.keys(template.findResources('AWS::Lambda::Function')).filter(id => id.startsWith(PROVIDER))).toHaveLength(1);
  });

  test('cfn-lint finds nothing, and the cdk-nag packs nothing unacknowledged on what the body brings', () => {
    // GIVEN a body whose handler's logs are encrypted with the API's key
    const { app, stack } = bodyInS3({ logKey: true });
    const assembly = app.synth();
    expect(lintTemplates([{ name: 'body-asset', template: assembly.getStackByName('Bodies').template }])).toEqual([]);
    const ours = (scope: Stack) => nagErrors(scope, ALL_PACKS).filter(finding => finding.constructPath.startsWith(`${scope.stackName}/${PROVIDER}`) || finding.constructPath.startsWith(`${scope.stackName}/PetsBody`));
    expect(ours(stack)).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogKey'), 'Arn'] } });
    // AND without a key, only the compliance packs' log encryption rule (as for the stage-settings handler)
    const { stack: plain } = bodyInS3();
    expect(ours(plain).map(finding => finding.rule).sort()).toEqual(['HIPAA.Security-CloudWatchLogGroupEncrypted', 'NIST.800.53.R5-CloudWatchLogGroupEncrypted']);
  });

  test('a user string that looks like a marker is left alone', () => {
    // GIVEN a body whose description is a marker of another body, and a marker-like string with this body's own prefix shape
    const forged = markIntrinsics({ a: { Ref: 'X' } }).markerPrefix + '0';
    const body = { info: { title: forged, description: 'cdk-rest-api-body-00000000000000000000-0' }, paths: { '/a': { get: { uri: { Ref: 'Y' } } } } };
    // WHEN
    const marked = markIntrinsics(body);
    // THEN the markers of this body differ from the forged one, and the round trip keeps the user's strings
    expect(marked.markerPrefix).not.toBe(forged.slice(0, -1));
    expect(Object.keys(marked.values)).toEqual([`${marked.markerPrefix}0`]);
    expect(substituteMarkers(marked.document, marked.markerPrefix, marked.values)).toEqual(body);
    // AND a string that contains a marker, or a marker as an object key, is not replaced
    const document = { [`${marked.markerPrefix}0`]: `x ${marked.markerPrefix}0`, list: [`${marked.markerPrefix}0`] };
    expect(substituteMarkers(document, marked.markerPrefix, marked.values)).toEqual({ [`${marked.markerPrefix}0`]: `x ${marked.markerPrefix}0`, list: [{ Ref: 'Y' }] });
  });

  test('the same body renders the same asset; a changed body another one, with other markers', () => {
    const render = (description: string) => {
      const { stack } = bodyInS3({ description });
      return bodyResource(Template.fromStack(stack)).Properties;
    };
    expect(render('one')).toEqual(render('one'));
    const [one, two] = [render('one'), render('two')];
    expect(two.SourceKey).not.toBe(one.SourceKey);
    expect(two.MarkerPrefix).not.toBe(one.MarkerPrefix);
  });

  test('in a nested stack: the asset is the top-level stack\'s, the prefix names the nested stack\'s path, and nag stays clean', () => {
    // GIVEN
    const app = new App();
    const parent = new Stack(app, 'Parent');
    const nested = new NestedStack(parent, 'Apis');
    const body = { openapi: '3.0.2', info: { title: 'n', version: '1' }, paths: { '/a': { get: { uri: { 'Fn::GetAtt': ['Fn', 'Arn'] } } } } };
    const asset = new RestApiBodyAsset(nested, 'Body', { body: () => body });
    new apigw.CfnRestApi(nested, 'Api', { name: 'nested', bodyS3Location: asset.location });
    // WHEN
    const assembly = app.synth();
    // THEN the parent's asset manifest lists the body, and the file exists
    const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Parent.assets.json'), 'utf8'));
    const bodies = Object.values(manifest.files).filter((file: any) => file.source.path.endsWith('.body.json')) as any[];
    expect(bodies).toHaveLength(1);
    expect(fs.existsSync(path.join(assembly.directory, bodies[0].source.path))).toBe(true);
    const resource = bodyResource(Template.fromStack(nested));
    expect(resource.Properties.TargetPrefix['Fn::Join'][1][0]).toBe('cdk-apigateway-patterns/rest-api-bodies/Parent/Apis-Body.');
    expect(nagErrors(nested, [NagPackName.AWS_SOLUTIONS, NagPackName.SERVERLESS]).filter(finding => finding.constructPath !== 'Parent/Apis/Api')).toEqual([]);
  });

  test('a stack with the legacy synthesizer is refused at construction', () => {
    const app = new App({ context: { '@aws-cdk/core:newStyleStackSynthesis': false } });
    const stack = new Stack(app, 'Legacy', { synthesizer: new LegacyStackSynthesizer() });
    expect(() => new RestApiBodyAsset(stack, 'Body', { body: () => ({}) })).toThrow(/BodyAssetSynthesizerUnsupported|LegacyStackSynthesizer/);
  });
});
