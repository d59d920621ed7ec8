import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { GatewayRestApi, Integration } from '../../lib';
import { deployedBody } from '../../lib/rest/render/deployed-body';
import * as body from '../../lib/rest/render/openapi-body';
import * as policy from '../../lib/rest/render/resource-policy';
import { FIXTURES, fixtureFunction } from '../fixtures';
import { newStack, PUBLIC } from '../helpers';

/** Counts the resolutions of a whole OpenAPI document (an object with `paths`) during `work`. */
function countBodyResolutions(work: () => void): number {
  const resolve = Stack.prototype.resolve;
  let count = 0;
  const spy = jest.spyOn(Stack.prototype, 'resolve').mockImplementation(function (this: Stack, value: any) {
    if (typeof value === 'object' && value !== null && 'paths' in value) {
      count++;
    }
    return resolve.call(this, value);
  });
  try {
    work();
  } finally {
    spy.mockRestore();
  }
  return count;
}

describe('RestApiOutputs', () => {
  afterEach(() => jest.restoreAllMocks());

  test('the body and the policy are rendered once per state of the model, however many outputs read them', () => {
    // GIVEN
    const renderBody = jest.spyOn(body, 'renderBody');
    const renderPolicy = jest.spyOn(policy, 'renderPolicy');
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets', Integration.mock(), PUBLIC);
    api.addRoute('POST /pets', Integration.mock(), PUBLIC);
    // WHEN: the template (Body, Policy, the deployment id), the validation rules and the two documents all read them
    Template.fromStack(stack);
    // THEN
    expect(renderBody).toHaveBeenCalledTimes(1);
    expect(renderPolicy).toHaveBeenCalledTimes(1);
  });

  test('a change to the model renders anew: no reset by hand', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets', Integration.mock(), PUBLIC);
    const before = api.openApiDocument();
    // WHEN
    api.addRoute('GET /toys', Integration.mock(), PUBLIC);
    // THEN
    expect(Object.keys(before.paths)).toEqual(['/pets']);
    expect(Object.keys(api.openApiDocument().paths)).toEqual(['/pets', '/toys']);
  });

  test('no synth resolves the whole body: its distinct values with tokens are resolved once each and put in place', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    const fn = fixtureFunction(stack, 'Fn');
    api.addRoute('GET /pets', Integration.lambda(fn), PUBLIC);
    api.addRoute('POST /pets', Integration.lambda(fn), PUBLIC);
    let template: Template | undefined;
    expect(countBodyResolutions(() => { template = Template.fromStack(stack); })).toBe(0);
    // The template holds what resolving the whole body would have given, less what API Gateway ignores.
    const outputs = (api as any).outputs;
    expect(Object.values(template!.findResources('AWS::ApiGateway::RestApi'))[0].Properties.Body).toEqual(deployedBody(stack.resolve(outputs.body())));
  });

  test.each(Object.keys(FIXTURES))('fixture %s: the body put together from its resolved values equals the body resolved whole', name => {
    const app = new App();
    const stack = FIXTURES[name](app);
    app.synth();
    const apis = app.node.findAll().filter((construct): construct is GatewayRestApi => construct instanceof GatewayRestApi);
    for (const api of apis) {
      const outputs = (api as any).outputs;
      expect(api.openApiDocument()).toEqual(Stack.of(api).resolve(outputs.body()));
      // What the deployment id hashed is the same document, except that a value from another stack is hashed as
      // the reference it was before prepare made it an import (as it always was).
      if (Stack.of(api).dependencies.length === 0) {
        expect(outputs.resolvedBody()).toEqual(Stack.of(api).resolve(outputs.body()));
      }
    }
    expect(stack).toBeDefined();
  });

  test('a body that takes a value from another stack imports it, in the template and in the documents', () => {
    // GIVEN: the function lives in another stack, so prepare turns its ARN into an import
    const app = new App();
    const functions = new Stack(app, 'Functions');
    const fn = fixtureFunction(functions, 'Fn');
    const stack = new Stack(app, 'Api');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets', Integration.lambda(fn), PUBLIC);
    // WHEN
    const template = Template.fromStack(stack);
    // THEN: the template holds the import, never the other stack's GetAtt
    const uri = JSON.stringify(Object.values(template.findResources('AWS::ApiGateway::RestApi'))[0].Properties.Body.paths['/pets'].get['x-amazon-apigateway-integration'].uri);
    expect(uri).toContain('Fn::ImportValue');
    expect(uri).not.toContain('Fn::GetAtt');
    const assembly = app.synth();
    const document = fs.readFileSync(path.join(assembly.directory, api.awsOpenApiFile), 'utf8');
    expect(document).toContain('Fn::ImportValue');
    expect(document).not.toContain('Fn::GetAtt');
  });

  test('the documents are written without indentation, and tree.json does not repeat the body', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets', Integration.mock(), PUBLIC);
    const assembly = app.synth();
    for (const file of [api.openApiFile, api.awsOpenApiFile]) {
      const text = fs.readFileSync(path.join(assembly.directory, file), 'utf8');
      expect(text).not.toContain('\n');
      expect(JSON.parse(text).paths['/pets']).toBeDefined();
    }
    const tree = fs.readFileSync(path.join(assembly.directory, 'tree.json'), 'utf8');
    expect(tree).toContain(`see ${api.awsOpenApiFile} in the cloud assembly`);
    expect(tree).not.toContain('x-amazon-apigateway-integration');
    // The template itself still holds the body.
    expect(JSON.stringify(assembly.getStackByName('Stack').template)).toContain('x-amazon-apigateway-integration');
  });
});
