import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CloudWatchRole, Endpoint, GatewayRestApi, Integration } from '../../lib';
import { GatewayValidationError } from '../../lib/core/errors';
import { FIXTURES, fixtureFunction } from '../fixtures';
import { newStack, PUBLIC, restApiBody } from '../helpers';


describe('GatewayRestApi: OpenAPI rendering', () => {
  test('routes render as one OpenAPI 3 body with aws_proxy integrations', () => {
    // GIVEN
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', { description: 'Pets' });
    // WHEN
    api.addRoute('GET /pets', Integration.lambda(fn), { operationId: 'listPets', summary: 'List pets', ...PUBLIC });
    api.addRoute('post /pets', Integration.lambda(fn), PUBLIC);
    api.addRoute('GET /pets/{id}', Integration.lambda(fn), PUBLIC);
    api.addRoute('ANY /{proxy+}', Integration.lambda(fn), PUBLIC);
    // THEN
    const body = restApiBody(Template.fromStack(stack));
    expect(body.openapi).toBe('3.0.1');
    expect(body.info).toEqual({ title: 'Api', description: 'Pets', version: '1.0' });
    expect(Object.keys(body.paths)).toEqual(['/pets', '/pets/{id}', '/{proxy+}']);
    expect(Object.keys(body.paths['/pets'])).toEqual(['get', 'post']);
    // The deployed body leaves out what API Gateway ignores on a proxy: the passthrough behavior and the placeholder 200 response.
    expect(body.paths['/pets'].get).toMatchObject({ operationId: 'listPets', summary: 'List pets' });
    expect(body.paths['/pets'].get.responses).toEqual({ 200: { description: '' } });
    const uri = { 'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn}/invocations` };
    expect(body.paths['/pets'].get['x-amazon-apigateway-integration']).toEqual({ type: 'aws_proxy', httpMethod: 'POST', uri });
    // The exported document stays complete.
    const exported = stack.resolve(api.openApiDocument()) as any;
    expect(exported.paths['/pets'].get.responses).toEqual({ 200: { description: '200 response' } });
    expect(exported.paths['/pets'].get['x-amazon-apigateway-integration']).toEqual({ type: 'aws_proxy', httpMethod: 'POST', uri, passthroughBehavior: 'when_no_match' });
    expect(body.paths['/pets/{id}'].get.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(body.paths['/{proxy+}']).toHaveProperty('x-amazon-apigateway-any-method');
    expect(body.paths['/{proxy+}']['x-amazon-apigateway-any-method'].parameters[0].name).toBe('proxy');
  });

  test('every operation is validated by the "all" request validator declared in the body', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    const body = restApiBody(Template.fromStack(stack));
    expect(body['x-amazon-apigateway-request-validators']).toEqual({ all: { validateRequestBody: true, validateRequestParameters: true } });
    expect(body['x-amazon-apigateway-request-validator']).toBe('all');
  });

  test('an integration timeout is rendered in milliseconds', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /slow', Integration.lambda(fixtureFunction(stack, 'Fn'), { timeout: Duration.millis(1500) }), PUBLIC);
    expect(restApiBody(Template.fromStack(stack)).paths['/slow'].get['x-amazon-apigateway-integration'].timeoutInMillis).toBe(1500);
  });

  test('the alias integration URI ends in the stage variable', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', variables: { petsAlias: 'live' } }] });
    api.addRoute('GET /pets', Integration.lambdaAlias(fixtureFunction(stack, 'Fn'), { variable: 'petsAlias' }), PUBLIC);
    const uri = restApiBody(Template.fromStack(stack)).paths['/pets'].get['x-amazon-apigateway-integration'].uri['Fn::Sub'];
    expect(uri).toMatch(/\.Arn}:\$\{!stageVariables\.petsAlias}\/invocations$/);
  });

  test('a function from another stack is referenced with ordinary token concatenation (an export and import)', () => {
    const app = new App();
    FIXTURES.crossStack(app);
    const template = Template.fromStack(app.node.findChild('CrossStackApi') as Stack);
    const integration = restApiBody(template).paths['/shared/{id}'].get['x-amazon-apigateway-integration'];
    expect(JSON.stringify(integration.uri)).toContain('Fn::ImportValue');
    expect(JSON.stringify(integration.uri)).toContain(':${stageVariables.lambdaAlias}/invocations');
  });

  test('OpenAPI import warnings fail the deployment only when asked', () => {
    const stack = newStack();
    new GatewayRestApi(stack, 'Api').addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    new GatewayRestApi(stack, 'Strict', { apiName: 'strict-api', failOnWarnings: true }).addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn2')), PUBLIC);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { FailOnWarnings: false, Name: 'Api' });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { FailOnWarnings: true, Name: 'strict-api' });
  });

  test('openApiDocument() returns the rendered document', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    expect(Object.keys(api.openApiDocument().paths)).toEqual(['/a']);
  });
});

describe('GatewayRestApi: resource count does not grow with routes', () => {
  function countFor(routes: number): number {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api');
    for (let i = 0; i < routes; i++) {
      api.addRoute(`GET /r${i}/{id}`, Integration.lambda(fn), PUBLIC);
    }
    return Object.keys(Template.fromStack(stack).toJSON().Resources).length;
  }

  test('1, 10 and 200 routes make the same number of resources', () => {
    const one = countFor(1);
    expect(countFor(10)).toBe(one);
    expect(countFor(200)).toBe(one);
  });

  test('a function used by many routes gets exactly one permission, scoped to this API', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api');
    for (const route of ['GET /a', 'POST /a', 'GET /b/{id}']) {
      api.addRoute(route, Integration.lambda(fn), PUBLIC);
    }
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Fn'), 'Arn'] },
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('^Api') }, '/*'])] },
    });
  });
});

describe('GatewayRestApi: alias permissions', () => {
  test('one permission per alias a stage selects, none for aliases no stage selects', () => {
    // GIVEN aliases blue and green, and a third, red, that no stage selects
    const app = new App();
    const stack = FIXTURES.aliasStages(app);
    new lambda.Alias(stack, 'Alias-red', { aliasName: 'red', version: (stack.node.findChild('Orders') as lambda.Function).currentVersion });
    const template = Template.fromStack(stack);
    // THEN
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')) as any[];
    const qualifiers = permissions.map(permission => permission.Properties.FunctionName['Fn::Join'][1][1]).sort();
    expect(qualifiers).toEqual([':blue', ':green']);
  });

  test('an alias selected by one stage is scoped to that stage; by several, to the API', () => {
    const app = new App();
    const template = Template.fromStack(FIXTURES.aliasStages(app));
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')) as any[];
    const byQualifier = Object.fromEntries(permissions.map(permission => [
      permission.Properties.FunctionName['Fn::Join'][1][1],
      permission.Properties.SourceArn['Fn::Join'][1].slice(-1)[0],
    ]));
    expect(byQualifier).toEqual({ ':blue': '/*', ':green': '/prod/*' });
  });

  test('each alias permission waits for the lambda.Alias it names, even one defined later in another stack', () => {
    const app = new App();
    FIXTURES.crossStack(app);
    const stack = app.node.findChild('CrossStackApi') as Stack;
    const backend = app.node.findChild('CrossStackBackend') as Stack;
    const template = Template.fromStack(stack);
    expect(stack.dependencies).toContain(backend);
    template.resourceCountIs('AWS::Lambda::Permission', 2);

    const sameStack = FIXTURES.aliasStages(new App());
    const permissions = Object.values(Template.fromStack(sameStack).findResources('AWS::Lambda::Permission')) as any[];
    for (const permission of permissions) {
      expect(permission.DependsOn).toEqual([expect.stringMatching(/^Alias(blue|green)/)]);
    }
  });

  test('a stage added after the routes grants its alias too', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'dev', lambdaAlias: 'dev' }] });
    api.addRoute('GET /a', Integration.lambdaAlias(fn), PUBLIC);
    api.addStage({ name: 'prod', lambdaAlias: 'live' });
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 2);
  });

  test('a stage that does not set the alias variable is a synth error naming the route, the variable and the fix', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'dev', lambdaAlias: 'dev' }, { name: 'prod' }] });
    expect(() => api.addRoute('GET /a', Integration.lambdaAlias(fixtureFunction(stack, 'Fn')), PUBLIC))
      .toThrow(/Test\/Api\/Stage-prod: \[StageVariableMissingForAlias\] route GET \/a invokes a Lambda alias named by stage variable lambdaAlias, which stage prod does not set; set lambdaAlias on the stage/);
    const other = new GatewayRestApi(stack, 'Other', { stages: [{ name: 'dev', variables: { fnAlias: 'dev' } }] });
    other.addRoute('GET /a', Integration.lambdaAlias(fixtureFunction(stack, 'Fn2'), { variable: 'fnAlias' }), PUBLIC);
    expect(() => other.addStage({ name: 'x', variables: { nope: 'y' } })).toThrow(/set variables.fnAlias/);
  });

  test('an alias or version passed to lambdaAlias() is rejected: the stage variable picks the alias', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', lambdaAlias: 'live' }] });
    expect(() => api.addRoute('GET /a', Integration.lambdaAlias(alias), PUBLIC)).toThrow(/needs the unqualified function.*Live is already an alias or a version/);
    // A fixed alias through Integration.lambda() is fine, and the permission is on the alias itself.
    api.addRoute('GET /b', Integration.lambda(alias), PUBLIC);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { Ref: Match.stringLikeRegexp('^Live') } });
  });

  test('an alias named by a token is rejected with its own reason, not as an invalid name', () => {
    const stack = newStack();
    const aliasName = new CfnParameter(stack, 'AliasName').valueAsString;
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', lambdaAlias: aliasName }] });
    expect(() => api.addRoute('GET /a', Integration.lambdaAlias(fixtureFunction(stack, 'Fn')), PUBLIC))
      .toThrow(/stage prod names its Lambda alias with a token \(stage variable lambdaAlias\); alias-routed integrations need the alias name as a literal/);
  });

  test('invalid alias variable names and alias values are rejected', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', variables: { v: 'a,b' } }] });
    const fn = fixtureFunction(stack, 'Fn');
    expect(() => api.addRoute('GET /a', Integration.lambdaAlias(fn, { variable: 'bad-name' }), PUBLIC)).toThrow(/alias stage variable name "bad-name" is invalid/);
    expect(() => api.addRoute('GET /b', Integration.lambdaAlias(fn, { variable: 'v' }), PUBLIC)).toThrow(/stage variable v = "a,b" names a Lambda alias, which must be 1 to 128 characters/);
  });
});

describe('GatewayRestApi: route validation', () => {
  const cases: Array<[string, RegExp]> = [
    ['FETCH /pets', /method "FETCH" is not one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY/],
    ['GET pets', /the path must start with "\/"/],
    ['GET', /expected "METHOD \/path"/],
    ['GET /pets/', /empty segment/],
    ['GET //pets', /empty segment/],
    ['GET /{proxy+}/pets', /the greedy parameter \{proxy\+\} must be the last segment/],
    ['GET /pets/{id}/toys/{id}', /the path parameter \{id\} appears twice/],
    ['GET /pets$', /segment "pets\$" may only contain/],
    ['GET /{}', /segment "\{\}" may only contain/],
  ];
  test.each(cases)('%s is rejected', (route, message) => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    expect(() => api.addRoute(route, Integration.lambda(fixtureFunction(stack, 'Fn')))).toThrow(GatewayValidationError);
    expect(() => api.addRoute(route, Integration.lambda(fixtureFunction(stack, 'Fn2')))).toThrow(message);
  });

  test('a duplicate route is rejected, also when only the method case differs', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets', Integration.lambda(fn), PUBLIC);
    expect(() => api.addRoute('get /pets', Integration.lambda(fn))).toThrow(/Test\/Api: \[RouteDuplicate\] route GET \/pets is added twice/);
  });

  test('two different parameters at the same level are rejected, as API Gateway would', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets/{id}', Integration.lambda(fn), PUBLIC);
    api.addRoute('DELETE /pets/{id}', Integration.lambda(fn), PUBLIC);
    expect(() => api.addRoute('PUT /pets/{petId}', Integration.lambda(fn))).toThrow(/puts \{petId\} beside \{id\} under \/pets; .* use the same name \(\{id\}\)/);
    expect(() => api.addRoute('GET /pets/{proxy+}', Integration.lambda(fn))).toThrow(/beside \{id\}/);
  });

  test('operation ids are validated and unique', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /a', Integration.lambda(fn), { operationId: 'getA', ...PUBLIC });
    expect(() => api.addRoute('GET /b', Integration.lambda(fn), { operationId: 'getA' })).toThrow(/operationId "getA" of route GET \/b is already used/);
    expect(() => api.addRoute('GET /c', Integration.lambda(fn), { operationId: 'get c' })).toThrow(/operationId "get c" of route GET \/c is invalid/);
  });

  test('an integration timeout under 50 ms is rejected', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    const fn = fixtureFunction(stack, 'Fn');
    expect(() => api.addRoute('GET /a', Integration.lambda(fn, { timeout: Duration.millis(40) }), PUBLIC))
      .toThrow(/route GET \/a: integration timeout 40 ms is out of range: API Gateway accepts 50 ms to 29 s/);
  });

  test('an API without routes fails synth with the fix', () => {
    const stack = newStack();
    new GatewayRestApi(stack, 'Api');
    expect(() => Template.fromStack(stack)).toThrow(/Test\/Api: \[ApiWithoutRoutes\] the API has no routes.*add one with addRoute\(\)/);
  });

  test('an API without stages fails synth with the fix', () => {
    const stack = newStack();
    new GatewayRestApi(stack, 'Api', { stages: [] }).addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    expect(() => Template.fromStack(stack)).toThrow(/the API has no stages; pass stages or call addStage\(\)/);
  });

  test('more than 300 resources warns about the default quota', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api');
    for (let i = 0; i < 301; i++) {
      api.addRoute(`GET /r${i}`, Integration.lambda(fn), PUBLIC);
    }
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('302 resources .* default quota is 300 resources per REST API'));
  });
});

describe('GatewayRestApi: endpoints', () => {
  test.each([
    [Endpoint.edge(), 'EDGE'],
    [Endpoint.regional(), 'REGIONAL'],
    [undefined, 'REGIONAL'],
  ])('%# renders endpoint type %s with no resource policy', (endpoint, type) => {
    const stack = newStack();
    new GatewayRestApi(stack, 'Api', { endpoint }).addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: [type] }, Policy: Match.absent() });
  });

  test('a private API admits only its VPC endpoints', () => {
    const app = new App();
    const template = Template.fromStack(FIXTURES.privateApi(app));
    const endpointRef = { Ref: Match.stringLikeRegexp('^VpcExecuteApi') };
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: [endpointRef] },
      Policy: {
        Version: '2012-10-17',
        Statement: [
          // Every request must come through the endpoint; then the (public) routes may be called.
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': [endpointRef] } } },
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
        ],
      },
    });
  });

  test('a private API without VPC endpoints is a synth error', () => {
    const stack = newStack();
    expect(() => new GatewayRestApi(stack, 'Api', { endpoint: Endpoint.private({ vpcEndpoints: [] }) }))
      .toThrow(/Test\/Api: \[PrivateApiWithoutVpcEndpoint\] a private API needs at least one interface VPC endpoint/);
  });

  test('Endpoint exposes its type and endpoints', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const vpce = vpc.addInterfaceEndpoint('E', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    const endpoint = Endpoint.private({ vpcEndpoints: [vpce] });
    expect(endpoint.type).toBe('PRIVATE');
    expect(endpoint.vpcEndpoints).toEqual([vpce]);
  });
});

describe('GatewayRestApi: helpers', () => {
  test('arnForExecuteApi scopes to stage, method and path', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    expect(stack.resolve(api.arnForExecuteApi('GET', '/pets', 'prod'))).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', { Ref: stack.getLogicalId(api.resource) }, '/prod/GET/pets']],
    });
    expect(() => api.arnForExecuteApi('GET', 'pets')).toThrow(/path "pets" must start with "\/"/);
  });

  test('stage() finds a stage by name or says which exist', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'dev' }, { name: 'prod' }] });
    expect(api.stage('prod').stageName).toBe('prod');
    expect(api.stages.map(stage => stage.stageName)).toEqual(['dev', 'prod']);
    expect(() => api.stage('qa')).toThrow(/there is no stage named "qa"; stages are: dev, prod/);
  });

  test('an existing account role creates no account resources', () => {
    const stack = newStack();
    new GatewayRestApi(stack, 'Api', { cloudWatchRole: CloudWatchRole.existing() }).addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
    template.resourceCountIs('AWS::IAM::Role', 1); // the function's own role
  });
});
