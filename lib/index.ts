export * from './cloudwatch-role';
export * from './endpoint';
export * from './integrations/integration';
export { LambdaIntegrationOptions, LambdaAliasIntegrationOptions } from './integrations/lambda';
export * from './rest/gateway-rest-api';
export { GatewayStage, GatewayStageProps } from './rest/gateway-stage';
export * from './rest/route-options';
export * from './rest/stage-options';
