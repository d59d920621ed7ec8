import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { GatewayValidationError } from '../core/errors';

/** The stage's properties, with the ids as strings (the library passes no references here). */
export type StageResourceProps = Omit<apigw.CfnStageProps, 'restApiId' | 'deploymentId' | 'clientCertificateId'> & {
  readonly restApiId: string;
  readonly deploymentId: string;
  readonly clientCertificateId?: string;
};

/**
 * Sets the properties of the `AWS::ApiGateway::Stage` that `apigw.Stage`'s
 * constructor created (child `Resource`) to the library's, and returns it.
 *
 * A `GatewayStage` is an `apigw.Stage` (so that `UsagePlan.addApiStage`,
 * `BasePathMapping` and `deploymentStage` take it), but renders its stage
 * itself: method settings as JSON pointers, canary settings, JSON access logs.
 * Every property `apigw.Stage` sets is set again here, so the template is the
 * library's alone; the resource keeps the path (and logical id) it had.
 */
export function adoptStageResource(stage: apigw.Stage, props: StageResourceProps): apigw.CfnStage {
  const resource = stage.node.tryFindChild('Resource');
  if (!(resource instanceof apigw.CfnStage)) {
    throw new GatewayValidationError(stage, 'StageResourceMissing', 'apigw.Stage did not create its AWS::ApiGateway::Stage as child "Resource"; this aws-cdk-lib version is not supported: use the aws-cdk-lib version this library declares as its peer dependency.');
  }
  resource.restApiId = props.restApiId;
  resource.deploymentId = props.deploymentId;
  resource.stageName = props.stageName;
  resource.description = props.description;
  resource.variables = props.variables;
  resource.cacheClusterEnabled = props.cacheClusterEnabled;
  resource.cacheClusterSize = props.cacheClusterSize;
  resource.canarySetting = props.canarySetting;
  resource.tracingEnabled = props.tracingEnabled;
  resource.clientCertificateId = props.clientCertificateId;
  resource.accessLogSetting = props.accessLogSetting;
  resource.methodSettings = props.methodSettings;
  resource.documentationVersion = props.documentationVersion;
  return resource;
}
