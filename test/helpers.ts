import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** A fresh stack in a fresh app, with a fixed environment-agnostic name. */
export function newStack(): Stack {
  return new Stack(new App(), 'Test');
}

/** The OpenAPI body of the stack's only REST API. */
export function restApiBody(template: Template): any {
  const apis = Object.values(template.findResources('AWS::ApiGateway::RestApi'));
  expect(apis).toHaveLength(1);
  return (apis[0] as any).Properties.Body;
}

/** The resource policy of the stack's only REST API. */
export function restApiPolicy(template: Template): any {
  const apis = Object.values(template.findResources('AWS::ApiGateway::RestApi'));
  expect(apis).toHaveLength(1);
  return (apis[0] as any).Properties.Policy;
}
