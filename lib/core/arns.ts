import { ArnFormat, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** `arn:{partition}:execute-api:{region}:{account}:{api}/{resourceName}`, the ARN IAM policies and Lambda permissions name. */
export function executeApiArn(scope: IConstruct, apiId: string, resourceName: string): string {
  return Stack.of(scope).formatArn({ service: 'execute-api', resource: apiId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME, resourceName });
}

/** `<scheme>://{api}.execute-api.{region}.{suffix}`: the default endpoint of an API of any kind. */
export function executeApiBaseUrl(scope: IConstruct, apiId: string, scheme: 'https' | 'wss' = 'https'): string {
  const stack = Stack.of(scope);
  return `${scheme}://${apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
}

/** `arn:<partition>:apigateway:<region>::/restapis/<api-id>/stages/<name>`, how IAM, WAF and the API Gateway API name a stage. */
export function formatStageArn(scope: IConstruct, restApiId: string, stageName: string): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:apigateway:${stack.region}::/restapis/${restApiId}/stages/${stageName}`;
}
