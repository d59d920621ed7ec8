export * from './cloudwatch-role';
export * from './endpoint';
export * from './integrations/integration';
export * from './integrations/lambda-options';
export * from './rest/gateway-rest-api';
export { GatewayStage } from './rest/gateway-stage';
export type { GatewayStageProps } from './rest/gateway-stage';
export * from './rest/route-options';
export * from './rest/stage-options';
