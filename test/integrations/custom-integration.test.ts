import { Aws } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  GatewayRestApi, Integration, IRestIntegration, RestIntegrationBindOptions, RestIntegrationConfig,
} from '../../lib';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';
import { renderMappingTemplate } from '../harness/vtl';
import { newStack, PUBLIC, restApiBody } from '../helpers';

/**
 * An integration the library does not ship, written as a user would (the
 * README's example, whose keys are quoted there for jsii-rosetta): Kinesis `PutRecord`, with a role allowed exactly that
 * on the stream, through nothing but the public protocol.
 */
class KinesisPutRecordIntegration implements IRestIntegration {
  private readonly stream: kinesis.IStream;

  constructor(stream: kinesis.IStream) {
    this.stream = stream;
  }

  public bind(options: RestIntegrationBindOptions): RestIntegrationConfig {
    // One role per API and stream, shared by every route that writes to the stream.
    const roleId = 'PutRecordRole' + this.stream.node.id;
    let role = options.scope.node.tryFindChild(roleId) as iam.Role | undefined;
    if (!role) {
      role = new iam.Role(options.scope, roleId, { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
      role.addToPolicy(new iam.PolicyStatement({ actions: ['kinesis:PutRecord'], resources: [this.stream.streamArn] }));
    }
    // The keys are API Gateway's own (x-amazon-apigateway-integration), spelled as it spells them.
    const ok: { [key: string]: any } = {
      statusCode: '200',
      responseTemplates: { 'application/json': '{"sequenceNumber": "$input.path(\'$.SequenceNumber\')"}' },
    };
    return {
      integration: {
        type: 'aws',
        httpMethod: 'POST',
        uri: 'arn:' + Aws.PARTITION + ':apigateway:' + Aws.REGION + ':kinesis:action/PutRecord',
        credentials: role.roleArn,
        passthroughBehavior: 'never',
        requestTemplates: {
          'application/json': '{"StreamName": "' + this.stream.streamName + '", "Data": "$util.base64Encode($input.body)", "PartitionKey": "$context.requestId"}',
        },
        responses: { default: ok },
      },
      methodResponses: [{ statusCode: '200', headers: [] }],
    };
  }
}

/** A non-proxy Lambda integration, written as a user would, that asks the API for the invoke permission. */
class LambdaNonProxyIntegration implements IRestIntegration {
  constructor(private readonly handler: lambda.IFunction, private readonly aliasVariable?: string) {}

  public bind(options: RestIntegrationBindOptions): RestIntegrationConfig {
    const qualifier = this.aliasVariable ? `:\${stageVariables.${this.aliasVariable}}` : '';
    if (this.aliasVariable) {
      options.permissions.grantInvokeAlias(this.handler, this.aliasVariable);
    } else {
      options.permissions.grantInvoke(this.handler);
    }
    return {
      integration: {
        type: 'aws',
        httpMethod: 'POST',
        uri: `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}:lambda:path/2015-03-31/functions/${this.handler.functionArn}${qualifier}/invocations`,
        responses: { default: { statusCode: '200' } },
      },
      methodResponses: [{ statusCode: '200', headers: [] }],
      stageVariables: this.aliasVariable ? [this.aliasVariable] : undefined,
    };
  }
}

describe('a user-written integration (IRestIntegration)', () => {
  test('Kinesis PutRecord: the rendered operation, its role allowed kinesis:PutRecord on the stream only, cfn-lint clean', () => {
    // GIVEN a stream and an API
    const stack = newStack();
    const stream = new kinesis.Stream(stack, 'Events', { encryption: kinesis.StreamEncryption.MANAGED });
    const api = new GatewayRestApi(stack, 'Api');

    // WHEN two routes write to the stream through the user's integration
    const putRecord = new KinesisPutRecordIntegration(stream);
    api.addRoute('POST /events', putRecord, PUBLIC);
    api.addRoute('POST /events/{type}', putRecord, PUBLIC);

    // THEN the operation carries the integration as bind returned it, and declares its 200 response
    const template = Template.fromStack(stack);
    const operation = restApiBody(template).paths['/events'].post;
    const roleId = stack.getLogicalId(api.node.findChild('PutRecordRoleEvents').node.defaultChild as iam.CfnRole);
    expect(operation['x-amazon-apigateway-integration']).toEqual({
      type: 'aws',
      httpMethod: 'POST',
      uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':kinesis:action/PutRecord']] },
      credentials: { 'Fn::GetAtt': [roleId, 'Arn'] },
      passthroughBehavior: 'never',
      requestTemplates: {
        'application/json': { 'Fn::Join': ['', ['{"StreamName": "', { Ref: stack.getLogicalId(stream.node.defaultChild as kinesis.CfnStream) }, '", "Data": "$util.base64Encode($input.body)", "PartitionKey": "$context.requestId"}']] },
      },
      responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '{"sequenceNumber": "$input.path(\'$.SequenceNumber\')"}' } } },
    });
    expect(operation.responses).toEqual({ 200: { description: '200 response' } });
    // AND one role serves both routes, assumed by API Gateway and allowed exactly kinesis:PutRecord on this stream
    template.resourceCountIs('AWS::IAM::Role', 2); // the integration's role and the account's CloudWatch role
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: { Statement: [{ Action: 'kinesis:PutRecord', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Events'), 'Arn'] } }] },
    });
    // AND nothing asked for a Lambda permission
    template.resourceCountIs('AWS::Lambda::Permission', 0);
    // AND the template is one CloudFormation accepts
    expect(lintTemplates([{ name: 'kinesis-put-record', template: template.toJSON() }])).toEqual([]);
  });

  test('the request template builds the PutRecord call: the body base64-encoded, the request id as partition key', () => {
    // GIVEN the template the integration renders (with a literal stream name)
    const stack = newStack();
    const stream = kinesis.Stream.fromStreamArn(stack, 'Events', 'arn:aws:kinesis:eu-west-1:123456789012:stream/events');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('POST /events', new KinesisPutRecordIntegration(stream), PUBLIC);
    const template = restApiBody(Template.fromStack(stack)).paths['/events'].post['x-amazon-apigateway-integration'].requestTemplates['application/json'];

    // WHEN API Gateway would render it for a request
    const rendered = renderMappingTemplate(template, { body: '{"pet":"Rex"}' });

    // THEN it is the PutRecord request
    expect(JSON.parse(rendered.output)).toEqual({
      StreamName: 'events', Data: Buffer.from('{"pet":"Rex"}').toString('base64'), PartitionKey: 'c0ffee00-0000-4000-8000-000000000000',
    });
  });

  test('grants it asks for are deduplicated: one permission per function however many routes', () => {
    // GIVEN a function behind three routes of the user's integration
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api');

    // WHEN the routes are added (and a built-in Lambda integration of the same function)
    api.addRoute('GET /a', new LambdaNonProxyIntegration(fn), PUBLIC);
    api.addRoute('GET /b', new LambdaNonProxyIntegration(fn), PUBLIC);
    api.addRoute('GET /c', Integration.lambda(fn), PUBLIC);

    // THEN the function has one permission, scoped to this API
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
  });

  test('an alias grant applies to every stage, also one added after the route', () => {
    // GIVEN an API with a stage that selects alias "live"
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', lambdaAlias: 'live' }] });

    // WHEN a route asks for the alias its stage variable names, and a stage is added later
    api.addRoute('GET /a', new LambdaNonProxyIntegration(fn, 'lambdaAlias'), PUBLIC);
    api.addStage({ name: 'beta', lambdaAlias: 'next' });

    // THEN each stage's alias has its permission
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 2);
    for (const alias of ['live', 'next']) {
      template.hasResourceProperties('AWS::Lambda::Permission', {
        FunctionName: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Fn'), 'Arn'] }, `:${alias}`]] },
      });
    }
  });
});

describe('a rejected route grants nothing', () => {
  test('a duplicate route key fails, and its integration is granted nothing', () => {
    // GIVEN a route of one function
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /a', new LambdaNonProxyIntegration(fixtureFunction(stack, 'First')), PUBLIC);

    // WHEN the same route key is added again with another function
    const other = fixtureFunction(stack, 'Second');
    expect(() => api.addRoute('GET /a', new LambdaNonProxyIntegration(other), PUBLIC)).toThrow(/\[RouteDuplicate\]/);

    // THEN only the first function has a permission
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^First'), 'Arn'] } });
  });

  test('a route rejected after its integration asked for a grant (a stage lacks the alias variable) grants nothing', () => {
    // GIVEN an API whose stage sets no variable "tier"
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /ok', Integration.mock(), PUBLIC);

    // WHEN a route's integration asks for the alias named by "tier"
    const add = () => api.addRoute('GET /a', new LambdaNonProxyIntegration(fixtureFunction(stack, 'Fn'), 'tier'), PUBLIC);

    // THEN the route is refused, and no permission exists
    expect(add).toThrow(/\[StageVariableMissingForAlias\] route GET \/a invokes a Lambda alias named by stage variable tier/);
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 0);
  });

  test('a route whose integration returns a malformed config is refused, and its grant is dropped', () => {
    // GIVEN an integration that asks for a grant, then returns no integration object
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /ok', Integration.mock(), PUBLIC);
    const broken: IRestIntegration = {
      bind: options => {
        options.permissions.grantInvoke(fn);
        return { integration: 'aws_proxy' } as any;
      },
    };

    // WHEN it serves a route
    // THEN the error names the route and the field
    expect(() => api.addRoute('GET /a', broken, PUBLIC))
      .toThrow(/\[IntegrationConfigInvalid\] route GET \/a: the integration's bind\(\) returned integration "aws_proxy"/);
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 0);
  });
});

describe('the protocol at the boundary', () => {
  test('an integration must be an object with a bind method: {} and a bare function are refused', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    expect(() => api.addRoute('GET /a', {} as any, PUBLIC))
      .toThrow(/\[ArgumentTypeInvalid\] GatewayRestApi.addRoute: integration must be an object implementing IRestIntegration \(with a bind method\), got an object/);
    // A function has a bind (Function.prototype.bind) but is no integration.
    expect(() => api.addRoute('GET /a', (() => ({})) as any, PUBLIC)).toThrow(/\[ArgumentTypeInvalid\] .*integration must be an object implementing IRestIntegration/);
  });

  test('the permissions service refuses what is not a function, naming the route', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    const integration: IRestIntegration = {
      bind: options => {
        options.permissions.grantInvoke('my-function' as any);
        return { integration: { type: 'mock' } };
      },
    };
    expect(() => api.addRoute('GET /a', integration, PUBLIC))
      .toThrow(/\[PermissionHandlerInvalid\] route GET \/a: permissions.grantInvoke\(\) was given "my-function", which is not a Lambda function/);
  });

  test('the route it is told about: key, method, path and path parameters', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    const seen: RestIntegrationBindOptions[] = [];
    api.addRoute('get /pets/{id}/toys/{proxy+}', {
      bind: options => {
        seen.push(options);
        return { integration: { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } } };
      },
    }, PUBLIC);
    expect(seen).toHaveLength(1);
    expect(seen[0].scope).toBe(api);
    expect(seen[0].route).toEqual({ key: 'GET /pets/{id}/toys/{proxy+}', method: 'GET', path: '/pets/{id}/toys/{proxy+}', pathParameters: ['id', 'proxy'] });
    expect(seen[0].endpointType).toBe('REGIONAL');
    expect(seen[0].corsResponseHeaders).toEqual({});
  });
});
