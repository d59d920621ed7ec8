import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GatewayWebSocketApi, WebSocketAuthorization, WebSocketChatHandlers } from '../../lib';
import { FIXTURES, fixtureFunction } from '../fixtures';
import { newStack } from '../helpers';

describe('GatewayWebSocketApi', () => {
  const app = new App();
  const stack = FIXTURES.webSocketChat(app);
  const template = Template.fromStack(stack);

  test('$connect (with its Lambda request authorizer reading a query string), $disconnect and a custom route, selected by $request.body.action', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$connect', AuthorizationType: 'CUSTOM' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$disconnect' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'sendmessage' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'REQUEST', IdentitySource: ['route.request.querystring.token'] });
  });

  test('a connections table: on demand, TTL on expiresAt, point-in-time recovery, encrypted', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  test('every handler gets the table name and the callback URL; only sendmessage gets ManageConnections, on this stage only', () => {
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('^WebSocket chat') } });
    expect(Object.keys(functions)).toHaveLength(3);
    for (const fn of Object.values(functions) as any[]) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        CONNECTIONS_TABLE: { Ref: expect.stringMatching(/^ApiConnections/) },
        CALLBACK_URL: { 'Fn::Join': ['', ['https://', { Ref: expect.stringMatching(/^Api/) }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/prod']] },
        CONNECTION_TTL_SECONDS: '7200',
      });
    }
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((policy: any) => policy.Properties.PolicyDocument.Statement).flat();
    const manage = policies.filter((statement: any) => statement.Action === 'execute-api:ManageConnections');
    expect(manage).toHaveLength(1);
    expect(JSON.stringify(manage[0].Resource)).toContain('/prod/*/@connections/*');
  });

  test('each chat handler gets only the table actions it calls, on the connections table only', () => {
    // GIVEN the chat fixture's three handlers, equipped by the API
    const statementsOf = (handler: string) => {
      const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^Chat${handler}ServiceRole`) }] } });
      expect(Object.keys(policies)).toHaveLength(1);
      return (Object.values(policies)[0] as any).Properties.PolicyDocument.Statement;
    };
    const XRAY = { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' };
    const table = { 'Fn::GetAtt': [expect.stringMatching(/^ApiConnections/), 'Arn'] };
    // THEN connect only puts its item, disconnect only deletes its item
    expect(statementsOf('Connect')).toEqual([XRAY, { Action: 'dynamodb:PutItem', Effect: 'Allow', Resource: table }]);
    expect(statementsOf('Disconnect')).toEqual([XRAY, { Action: 'dynamodb:DeleteItem', Effect: 'Allow', Resource: table }]);
    // AND sendmessage scans for connection ids, deletes the gone ones, and posts to connections of this stage
    expect(statementsOf('SendMessage')).toEqual([
      XRAY,
      { Action: ['dynamodb:Scan', 'dynamodb:DeleteItem'], Effect: 'Allow', Resource: table },
      {
        Action: 'execute-api:ManageConnections',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', { Ref: expect.stringMatching(/^Api/) }, '/prod/*/@connections/*']] },
      },
    ]);
  });

  test('a handler of one\'s own still gets read and write access to the table and ManageConnections', () => {
    // GIVEN
    const own = newStack();
    const fn = fixtureFunction(own, 'Fn');
    // WHEN
    new GatewayWebSocketApi(own, 'Api', { defaultHandler: fn, connectAuthorization: WebSocketAuthorization.none() });
    // THEN
    const statements = Object.values(Template.fromStack(own).findResources('AWS::IAM::Policy')).map((policy: any) => policy.Properties.PolicyDocument.Statement).flat();
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Scan', 'dynamodb:GetItem']) }),
      expect.objectContaining({ Action: 'execute-api:ManageConnections' }),
    ]));
  });

  test('with a given table encrypted by a customer managed key, the chat handlers may use the key', () => {
    // GIVEN
    const own = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
    const key = new kms.Key(own, 'Key');
    const table = new dynamodb.TableV2(own, 'Table', {
      partitionKey: { name: 'connectionId', type: dynamodb.AttributeType.STRING },
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(key),
    });
    const chat = new WebSocketChatHandlers(own, 'Chat');
    // WHEN
    new GatewayWebSocketApi(own, 'Api', { connectHandler: chat.connect, connectionsTable: table, connectAuthorization: WebSocketAuthorization.none() });
    // THEN
    const statements = Object.values(Template.fromStack(own).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^ChatConnectServiceRole') }] } }))
      .map((policy: any) => policy.Properties.PolicyDocument.Statement).flat();
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'dynamodb:PutItem' }),
      expect.objectContaining({ Action: expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt']), Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] } }),
    ]));
  });

  test('the stage waits for the account\'s CloudWatch role, without which WebSocket stages cannot log', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage')) as any[];
    expect(stage.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ApiGatewayCloudWatchLogging/)]));
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
  });

  test('sendmessage is a two-way route, so a malformed message gets its 400 back', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'sendmessage', RouteResponseSelectionExpression: '$default' });
  });

  test('the stage throttles, logs JSON and deploys automatically', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'prod',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50, DetailedMetricsEnabled: true },
      AccessLogSettings: { Format: Match.stringLikeRegexp('"connectionId":"\\$context.connectionId"') },
    });
  });

  test('a given table is used instead of a new one', () => {
    const own = newStack();
    const table = new dynamodb.TableV2(own, 'Table', { partitionKey: { name: 'connectionId', type: dynamodb.AttributeType.STRING } });
    const fn = fixtureFunction(own, 'Fn');
    const api = new GatewayWebSocketApi(own, 'Api', { defaultHandler: fn, connectionsTable: table, stageName: 'live', connectAuthorization: WebSocketAuthorization.none() });
    expect(api.connectionsTable).toBe(table);
    expect(api.url).toContain('/live');
    const ownTemplate = Template.fromStack(own);
    ownTemplate.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    ownTemplate.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
  });

  test('an API without connectAuthorization is an error that names WebSocketAuthorization.none()', () => {
    // GIVEN a WebSocket API with a $connect handler WHEN nothing is said about who may connect THEN the constructor refuses it
    const own = newStack();
    expect(() => new GatewayWebSocketApi(own, 'Api', { connectHandler: fixtureFunction(own, 'Fn') }))
      .toThrow(/\[ConnectWithoutAuthorization\] .*connectAuthorization: WebSocketAuthorization\.none\(\) to make \$connect public on purpose/);
  });

  test('WebSocketAuthorization.none() makes $connect public on purpose, without an authorizer', () => {
    // GIVEN a WebSocket API whose $connect is public on purpose
    const own = newStack();
    new GatewayWebSocketApi(own, 'Api', { connectHandler: fixtureFunction(own, 'Fn'), connectAuthorization: WebSocketAuthorization.none() });
    // THEN $connect has no authorizer, and no warning is left
    const ownTemplate = Template.fromStack(own);
    ownTemplate.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$connect', AuthorizationType: 'NONE' });
    ownTemplate.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    expect(Annotations.fromStack(own).findWarning('/Test/Api', Match.anyValue())).toHaveLength(0);
  });

  test.each([
    [(s: Stack) => new GatewayWebSocketApi(s, 'Api', { routeSelectionExpression: 'action' }), /route selection expression "action" is invalid: use \$request.body.<field>/],
    [(s: Stack) => new GatewayWebSocketApi(s, 'Api', { stageName: 'bad stage' }), /stage name "bad stage" is invalid/],
    [(s: Stack) => new GatewayWebSocketApi(s, 'Api', { throttle: { rateLimit: -1 } }), /throttle/],
    [(s: Stack) => new GatewayWebSocketApi(s, 'Api', { connectAuthorization: WebSocketAuthorization.iam() }), /connectAuthorization needs a connectHandler/],
    [(s: Stack) => new GatewayWebSocketApi(s, 'Api', { connectHandler: fixtureFunction(s, 'C'), connectAuthorization: WebSocketAuthorization.lambdaRequest(fixtureFunction(s, 'A'), {}) }),
      /needs at least one identity source/],
    [(s: Stack) => new GatewayWebSocketApi(s, 'Api', { connectHandler: fixtureFunction(s, 'C'), connectAuthorization: WebSocketAuthorization.lambdaRequest(fixtureFunction(s, 'A'), { headers: ['Bad Header'] }) }),
      /identity source header "Bad Header" is not a valid header name/],
    [(s: Stack) => new GatewayWebSocketApi(s, 'Api', { connectAuthorization: WebSocketAuthorization.none() }).addRoute('$connect', fixtureFunction(s, 'F')), /route \$connect is set through the connectHandler prop/],
    [(s: Stack) => new GatewayWebSocketApi(s, 'Api', { connectAuthorization: WebSocketAuthorization.none() }).addRoute('send message', fixtureFunction(s, 'F')), /route key "send message" is invalid/],
    [(s: Stack) => new GatewayWebSocketApi(s, 'Api', { defaultHandler: lambda.Function.fromFunctionArn(s, 'I', 'arn:aws:lambda:eu-west-1:111111111111:function:x'), connectAuthorization: WebSocketAuthorization.none() }),
      /must be a lambda.Function defined in this app/],
  ])('invalid input %# fails with the fix', (build, message) => {
    expect(() => build(newStack())).toThrow(message);
  });

  test('a handler serves one WebSocket API, in the API\'s stack', () => {
    const s = newStack();
    const chat = new WebSocketChatHandlers(s, 'Chat');
    new GatewayWebSocketApi(s, 'One', { connectHandler: chat.connect, connectAuthorization: WebSocketAuthorization.none() });
    expect(() => new GatewayWebSocketApi(s, 'Two', { connectHandler: chat.connect, connectAuthorization: WebSocketAuthorization.none() })).toThrow(/handler Test\/Chat\/Connect already serves WebSocket API Test\/One/);
    const twoStacks = new App();
    const functions = new Stack(twoStacks, 'Functions');
    const fn = fixtureFunction(functions, 'Fn');
    expect(() => new GatewayWebSocketApi(new Stack(twoStacks, 'Apis'), 'Api', { defaultHandler: fn, connectAuthorization: WebSocketAuthorization.none() })).toThrow(/is in stack Functions, but the API is in Apis/);
  });

  test('a route added twice fails', () => {
    const s = newStack();
    const api = new GatewayWebSocketApi(s, 'Api', { connectAuthorization: WebSocketAuthorization.none() });
    const fn = fixtureFunction(s, 'F');
    api.addRoute('ping', fn);
    expect(() => api.addRoute('ping', fn)).toThrow(/route ping is added twice/);
  });

  test('the chat handlers\' connection TTL is 10 minutes to 24 hours', () => {
    expect(() => new WebSocketChatHandlers(newStack(), 'Chat', { connectionTtl: Duration.minutes(90) })).toThrow(/connectionTtl must be 2 to 24 hours in whole seconds \(a connection lives up to 2 hours\), got 5400 s/);
  });

  test('the chat handlers ship as bundled assets on Node.js 24', () => {
    const s = newStack();
    const chat = new WebSocketChatHandlers(s, 'Chat');
    for (const fn of [chat.connect, chat.disconnect, chat.sendMessage]) {
      expect(fn.runtime).toBe(lambda.Runtime.NODEJS_24_X);
    }
  });
});
