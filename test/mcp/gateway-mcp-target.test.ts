import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Authorization, Endpoint, GatewayDomain, GatewayMcpTarget, GatewayRestApi, GatewayRestApiProps, Integration, McpTool } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';
import { PUBLIC } from '../helpers';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const API_KEY = agentcore.GatewayCredentialProvider.fromApiKeyIdentityArn({
  providerArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:token-vault/default/apikeycredentialprovider/pets',
  secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:pets-key-AbCdEf',
});

/** An API with one route of each kind of access, and a gateway in the same stack. */
function setup(apiProps: GatewayRestApiProps = {}, env: { account?: string; region?: string } = ENV) {
  const stack = new Stack(new App(), 'Test', { env });
  const api = new GatewayRestApi(stack, 'Api', apiProps);
  const gateway = new agentcore.Gateway(stack, 'Gateway', { authorizerConfiguration: agentcore.GatewayAuthorizer.usingAwsIam() });
  const pool = cognito.UserPool.fromUserPoolArn(stack, 'Pool', 'arn:aws:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_Example1');
  const mock = Integration.mock();
  api.addRoute('GET /pets', mock, { ...PUBLIC, operationId: 'listPets' });
  api.addRoute('GET /pets/{id}', mock, { ...PUBLIC, operationId: 'getPet' });
  api.addRoute('GET /pets/{id}/owner', mock, { authorization: Authorization.iam(), operationId: 'getOwner' });
  api.addRoute('GET /pets/{id}/photos', mock, { authorization: Authorization.cognito([pool]), operationId: 'listPhotos' });
  api.addRoute('GET /pets/{id}/keyed', mock, { ...PUBLIC, apiKeyRequired: true, operationId: 'keyed' });
  api.addRoute('GET /pets/{id}/signed-keyed', mock, { authorization: Authorization.iam(), apiKeyRequired: true, operationId: 'signedKeyed' });
  api.addRoute('GET /pets/{id}/partner', mock, { authorization: Authorization.lambdaToken(fixtureFunction(stack, 'Authorizer')), operationId: 'partner' });
  api.addUsagePlan('Plan').addApiKey('Key');
  const target = (tools: McpTool[], options: Partial<ConstructorParameters<typeof GatewayMcpTarget>[2]> = {}) =>
    new GatewayMcpTarget(stack, 'Mcp', { api, gateway, stage: 'prod', tools, ...options });
  return { stack, api, gateway, target, mock };
}

function toolConfiguration(stack: Stack): any {
  const targets = Object.values(Template.fromStack(stack).findResources('AWS::BedrockAgentCore::GatewayTarget'));
  expect(targets).toHaveLength(1);
  return (targets[0] as any).Properties.TargetConfiguration.Mcp.ApiGateway;
}

describe('GatewayMcpTarget: the synthesized target', () => {
  test('names the API, the stage and exactly the routes selected, with overrides for names and descriptions', () => {
    // GIVEN a route listed with a name and a prefix over the rest
    const given = setup();
    given.target([{ route: 'GET /pets', name: 'findPets', description: 'Lists the pets' }, { route: 'GET /pets/*' }]);
    // WHEN the stack is synthesized
    const config = toolConfiguration(given.stack);
    // THEN the filters are explicit paths, the prefix expanded to the routes the gateway's IAM role can call
    expect(config.RestApiId).toEqual({ Ref: given.stack.getLogicalId(given.api.resource) });
    expect(config.Stage).toBe('prod');
    expect(config.ApiGatewayToolConfiguration).toEqual({
      ToolFilters: [
        { FilterPath: '/pets', Methods: ['GET'] },
        { FilterPath: '/pets/{id}', Methods: ['GET'] },
        { FilterPath: '/pets/{id}/owner', Methods: ['GET'] },
      ],
      ToolOverrides: [{ Path: '/pets', Method: 'GET', Name: 'findPets', Description: 'Lists the pets' }],
    });
  });

  test('a prefix counts routes added after the target, and notes what it leaves out', () => {
    // GIVEN a target made before a route under its prefix
    const given = setup();
    given.target([{ route: 'GET /pets/*' }]);
    given.api.addRoute('POST /pets/{id}/vaccinations', given.mock, { ...PUBLIC, operationId: 'vaccinate' });
    given.api.addRoute('GET /pets/{id}/later', given.mock, { ...PUBLIC, operationId: 'later' });
    // WHEN it is synthesized
    const filters = toolConfiguration(given.stack).ApiGatewayToolConfiguration.ToolFilters;
    // THEN the later GET is a tool, the POST is not (the prefix names GET), and the skipped routes are noted
    expect(filters.map((f: any) => f.FilterPath)).toEqual(['/pets/{id}', '/pets/{id}/later', '/pets/{id}/owner']);
    const notes = Annotations.fromStack(given.stack).findInfo('/Test/Mcp', Match.stringLikeRegexp('leaves out'));
    expect(notes).toHaveLength(1);
    expect(notes[0].entry.data).toMatch(/GET \/pets\/\{id\}\/photos \(is authorized by a Cognito user pool/);
    expect(notes[0].entry.data).toMatch(/GET \/pets\/\{id\}\/signed-keyed \(uses AWS_IAM authorization and requires an API key/);
  });

  test('with an API key credential, API-key routes are tools and IAM routes are not', () => {
    const given = setup();
    given.target([{ route: 'GET /pets/*' }], { credentialProvider: API_KEY });
    const config = toolConfiguration(given.stack);
    expect(config.ApiGatewayToolConfiguration.ToolFilters.map((f: any) => f.FilterPath)).toEqual(['/pets/{id}', '/pets/{id}/keyed', '/pets/{id}/partner']);
    // the Lambda authorizer may or may not accept the key: a warning says so
    Annotations.fromStack(given.stack).hasWarning('/Test/Mcp', Match.stringLikeRegexp('GET /pets/\\{id\\}/partner .*Lambda authorizer'));
    const target = Object.values(Template.fromStack(given.stack).findResources('AWS::BedrockAgentCore::GatewayTarget'))[0] as any;
    expect(target.Properties.CredentialProviderConfigurations[0].CredentialProviderType).toBe('API_KEY');
  });

  test('a path with a dot (which API Gateway allows) is a tool path as it is', () => {
    const given = setup();
    given.api.addRoute('GET /v1.0/pets', given.mock, { ...PUBLIC, operationId: 'listPetsV1' });
    given.target([{ route: 'GET /v1.0/pets' }]);
    expect(toolConfiguration(given.stack).ApiGatewayToolConfiguration).toEqual({ ToolFilters: [{ FilterPath: '/v1.0/pets', Methods: ['GET'] }] });
  });

  test('the target waits for the stage, whose export AgentCore reads when it creates the target', () => {
    const given = setup();
    given.target([{ route: 'GET /pets' }]);
    const target = Object.values(Template.fromStack(given.stack).findResources('AWS::BedrockAgentCore::GatewayTarget'))[0] as any;
    expect(target.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ApiStageprod/)]));
  });

  test('cfn-lint accepts the template', () => {
    const given = setup();
    given.target([{ route: 'GET /pets', name: 'findPets', description: 'Lists the pets' }, { route: 'GET /pets/*' }], { targetName: 'pets', description: 'The pets API' });
    expect(lintTemplates([{ name: 'mcp', template: Template.fromStack(given.stack).toJSON() }])).toEqual([]);
  });
});

describe('GatewayMcpTarget: the API', () => {
  test('McpApiPrivate', () => {
    const stack = new Stack(new App(), 'Test', { env: ENV });
    const vpcEndpoint = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(stack, 'Endpoint', { vpcEndpointId: 'vpce-0123456789abcdef0', port: 443 });
    const api = new GatewayRestApi(stack, 'Api', { endpoint: Endpoint.private({ vpcEndpoints: [vpcEndpoint] }) });
    const gateway = new agentcore.Gateway(stack, 'Gateway', { authorizerConfiguration: agentcore.GatewayAuthorizer.usingAwsIam() });
    expect(() => new GatewayMcpTarget(stack, 'Mcp', { api, gateway, stage: 'prod', tools: [{ route: 'GET /pets' }] })).toThrow(/\[McpApiPrivate\] API Test\/Api is private/);
  });

  test.each([
    ['McpApiOtherAccount', { account: '222222222222', region: 'eu-west-1' }, /account 111111111111 and the gateway in 222222222222/],
    ['McpApiOtherRegion', { account: '111111111111', region: 'us-east-1' }, /in eu-west-1 and the gateway in us-east-1/],
  ])('%s', (code, gatewayEnv, message) => {
    const app = new App();
    const apiStack = new Stack(app, 'ApiStack', { env: ENV });
    const api = new GatewayRestApi(apiStack, 'Api');
    const gatewayStack = new Stack(app, 'GatewayStack', { env: gatewayEnv });
    const gateway = new agentcore.Gateway(gatewayStack, 'Gateway', { authorizerConfiguration: agentcore.GatewayAuthorizer.usingAwsIam() });
    expect(() => new GatewayMcpTarget(gatewayStack, 'Mcp', { api, gateway, stage: 'prod', tools: [{ route: 'GET /pets' }] })).toThrow(new RegExp(`\\[${code}\\].*${message.source}`));
  });

  test('a gateway in another stack of the same environment takes the API by reference, after the stage', () => {
    const app = new App();
    const apiStack = new Stack(app, 'ApiStack', { env: ENV });
    const api = new GatewayRestApi(apiStack, 'Api');
    api.addRoute('GET /pets', Integration.mock(), { ...PUBLIC, operationId: 'listPets' });
    const gatewayStack = new Stack(app, 'GatewayStack', { env: ENV });
    const gateway = new agentcore.Gateway(gatewayStack, 'Gateway', { authorizerConfiguration: agentcore.GatewayAuthorizer.usingAwsIam() });
    new GatewayMcpTarget(gatewayStack, 'Mcp', { api, gateway, stage: 'prod', tools: [{ route: 'GET /pets' }] });
    const config = toolConfiguration(gatewayStack);
    expect(config.RestApiId).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^ApiStack:/) });
    expect(gatewayStack.dependencies).toContain(apiStack);
  });

  test('an environment-agnostic stack is not judged', () => {
    const given = setup({}, {});
    given.target([{ route: 'GET /pets' }]);
    expect(toolConfiguration(given.stack).Stage).toBe('prod');
  });

  test('McpExecuteApiEndpointDisabled', () => {
    const given = setup({ disableExecuteApiEndpoint: true });
    given.target([{ route: 'GET /pets' }]);
    expect(() => Template.fromStack(given.stack)).toThrow(/\[McpExecuteApiEndpointDisabled\] API Test\/Api disables its default execute-api endpoint/);
  });

  test('McpExecuteApiEndpointDisabled: a mutual TLS domain turns the default endpoint off', () => {
    const given = setup();
    const zone = route53.HostedZone.fromHostedZoneAttributes(given.stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const bucket = s3.Bucket.fromBucketName(given.stack, 'Trust', 'trust-store');
    new GatewayDomain(given.stack, 'Domain', { domainName: 'api.example.com', zone, mtls: { bucket, key: 'ca.pem' } }).addApi(given.api);
    given.target([{ route: 'GET /pets' }]);
    expect(() => Template.fromStack(given.stack)).toThrow(/\[McpExecuteApiEndpointDisabled\] API Test\/Api disables its default execute-api endpoint \(disableExecuteApiEndpoint: true, or a mutual TLS domain serves it\)/);
  });

  test('McpCredentialProviderUnsupported', () => {
    const given = setup();
    const oauth = agentcore.GatewayCredentialProvider.fromOauthIdentityArn({
      providerArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:token-vault/default/oauth2credentialprovider/x',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:x-AbCdEf',
      scopes: ['read'],
    });
    expect(() => given.target([{ route: 'GET /pets' }], { credentialProvider: oauth })).toThrow(/\[McpCredentialProviderUnsupported\] credentialProvider of type OAUTH/);
  });
});

describe('GatewayMcpTarget: the tools', () => {
  test.each<[string, McpTool[], RegExp]>([
    ['McpToolsEmpty', [], /tools is empty/],
    ['McpToolRouteInvalid', [{ route: 'GET pets' }], /tool route "GET pets" is invalid: expected "METHOD \/path"/],
    ['McpToolRouteInvalid', [{ route: 'ANY /pets' }], /name one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS/],
    ['McpToolRouteInvalid', [{ route: 'GET /pets*' }], /"\*" may only end the path, as "\/\*"/],
    ['McpToolGreedyRoute', [{ route: 'GET /files/{proxy+}' }], /does not support proxy resources/],
    ['McpToolPrefixOverride', [{ route: 'GET /pets/*', name: 'x' }], /cannot take a name or description/],
    ['McpToolNameInvalid', [{ route: 'GET /pets', name: 'list pets' }], /tool name "list pets" of GET \/pets is invalid/],
  ])('%s at the call: %j', (code, tools, message) => {
    const given = setup();
    expect(() => given.target(tools)).toThrow(new RegExp(`\\[${code}\\] .*${message.source}`));
  });

  test.each<[string, McpTool[], RegExp, boolean]>([
    ['McpToolListedTwice', [{ route: 'GET /pets' }, { route: 'get /pets', name: 'x' }], /tool route GET \/pets is listed twice/, false],
    ['McpToolRouteUnknown', [{ route: 'GET /cats' }], /tool route GET \/cats is not a route of API Test\/Api \(its routes: GET \/pets, /, false],
    ['McpToolIamWithApiKey', [{ route: 'GET /pets/{id}/signed-keyed' }], /uses AWS_IAM authorization and requires an API key/, false],
    ['McpToolUnreachable', [{ route: 'GET /pets/{id}/photos' }], /is authorized by a Cognito user pool/, false],
    ['McpToolUnreachable', [{ route: 'GET /pets/{id}/partner' }], /is authorized by a Lambda authorizer, and the gateway sends it no token/, false],
    ['McpToolUnreachable', [{ route: 'GET /pets/{id}/keyed' }], /requires an API key, but the gateway signs with its IAM role/, false],
    ['McpToolUnreachable', [{ route: 'GET /pets/{id}/owner' }], /is IAM-authorized, but the target's credential provider sends an API key/, true],
    ['McpToolPrefixEmpty', [{ route: 'GET /cats/*' }], /selects no route the gateway can call \(API Test\/Api has no GET route under \/cats\/\)/, false],
    ['McpToolPrefixEmpty', [{ route: 'GET /pets/{id}/photos/*' }], /tool route GET \/pets\/\{id\}\/photos\/\* selects no route/, false],
    ['McpToolNameDuplicate', [{ route: 'GET /pets', name: 'getPet' }, { route: 'GET /pets/{id}' }], /routes GET \/pets and GET \/pets\/\{id\} would both be tool "getPet"/, false],
  ])('%s at synth: %j', (code, tools, message, apiKey) => {
    const given = setup();
    given.target(tools, apiKey ? { credentialProvider: API_KEY } : {});
    expect(() => Template.fromStack(given.stack)).toThrow(new RegExp(`\\[${code}\\] .*${message.source}`));
  });

  test('McpToolRouteUnknown names an ANY route that serves the method', () => {
    const given = setup();
    given.api.addRoute('ANY /things', given.mock, { ...PUBLIC, operationId: 'things' });
    given.target([{ route: 'GET /things' }]);
    expect(() => Template.fromStack(given.stack)).toThrow(/\[McpToolRouteUnknown\] tool route GET \/things is served by route ANY \/things/);
  });

  test('McpToolNameMissing: a route without operationId needs a name', () => {
    const given = setup();
    given.api.addRoute('GET /anonymous', given.mock, PUBLIC);
    given.target([{ route: 'GET /anonymous' }]);
    expect(() => Template.fromStack(given.stack)).toThrow(/\[McpToolNameMissing\] route GET \/anonymous has no operationId/);
    const named = setup();
    named.api.addRoute('GET /anonymous', named.mock, PUBLIC);
    named.target([{ route: 'GET /anonymous', name: 'anonymous' }]);
    expect(toolConfiguration(named.stack).ApiGatewayToolConfiguration.ToolOverrides).toEqual([{ Path: '/anonymous', Method: 'GET', Name: 'anonymous' }]);
  });

  test('a prefix leaves out greedy and ANY routes', () => {
    const given = setup();
    given.api.addRoute('GET /pets/{id}/files/{path+}', given.mock, { ...PUBLIC, operationId: 'files' });
    given.api.addRoute('ANY /pets/{id}/any', given.mock, { ...PUBLIC, operationId: 'any' });
    given.target([{ route: 'GET /pets/*' }]);
    const filters = toolConfiguration(given.stack).ApiGatewayToolConfiguration.ToolFilters.map((f: any) => f.FilterPath);
    expect(filters).not.toContain('/pets/{id}/files/{path+}');
    expect(filters).not.toContain('/pets/{id}/any');
    const note = Annotations.fromStack(given.stack).findInfo('/Test/Mcp', Match.anyValue())[0].entry.data;
    expect(note).toMatch(/GET \/pets\/\{id\}\/files\/\{path\+\} \(a greedy \{proxy\+\} path/);
    expect(note).toMatch(/ANY \/pets\/\{id\}\/any \(an ANY route/);
  });

  test('a long target name and tool name warn: agents see <target>___<tool>', () => {
    const given = setup();
    given.target([{ route: 'GET /pets', name: 'n'.repeat(100) }], { targetName: 't'.repeat(40) });
    Template.fromStack(given.stack);
    Annotations.fromStack(given.stack).hasWarning('/Test/Mcp', Match.stringLikeRegexp('143 characters'));
  });

  test('the target name and description follow AgentCore\'s CreateGatewayTarget', () => {
    expect(() => setup().target([{ route: 'GET /pets' }], { targetName: 'pets_api' })).toThrow(/\[ValueInvalid\] targetName "pets_api" is invalid/);
    expect(() => setup().target([{ route: 'GET /pets' }], { description: 'd'.repeat(201) })).toThrow(/\[ValueOutOfRange\] the length of description must be between 0 and 200/);
  });

  test('a construct id with a token is refused at the boundary (ConstructIdInvalid): the default target name and the logical ids come from it', () => {
    const given = setup();
    const id = Lazy.string({ produce: () => 'Mcp' });
    expect(() => new GatewayMcpTarget(given.stack, id, { api: given.api, gateway: given.gateway, stage: 'prod', tools: [{ route: 'GET /pets' }] }))
      .toThrow(/\[ConstructIdInvalid\] .*contains a token/);
  });

  test('a stage the API does not have is refused at the call', () => {
    const given = setup();
    expect(() => given.target([{ route: 'GET /pets' }], { stage: 'dev' })).toThrow(/dev/);
  });
});
