import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Authorization } from '../lib';

/** Route options that make a route public on purpose (a route without an authorization decision is refused). */
export const PUBLIC = { authorization: Authorization.none() };

/** A fresh stack in a fresh app, with a fixed environment-agnostic name. */
export function newStack(): Stack {
  return new Stack(new App(), 'Test');
}

/** The stack's only REST API, or the one with the given name. */
function restApi(template: Template, name?: string): any {
  const apis = Object.values(template.findResources('AWS::ApiGateway::RestApi', name ? { Properties: { Name: name } } : undefined));
  expect(apis).toHaveLength(1);
  return apis[0];
}

/** The OpenAPI body of the stack's only REST API, or of the one with the given name. */
export function restApiBody(template: Template, name?: string): any {
  return restApi(template, name).Properties.Body;
}

/** The resource policy of the stack's only REST API, or of the one with the given name. */
export function restApiPolicy(template: Template, name?: string): any {
  return restApi(template, name).Properties.Policy;
}

/** The `x-amazon-apigateway-integration` of one operation of the stack's only REST API. */
export function integrationOf(stack: Stack, path: string, method: string): any {
  return restApiBody(Template.fromStack(stack)).paths[path][method]['x-amazon-apigateway-integration'];
}
