import { Aws, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { IRestIntegration, RestIntegrationBindOptions, RestIntegrationConfig } from './integration';
import { LambdaIntegrationOptions } from './lambda-options';
import { streams, warnIfRuntimeCannotStream } from './streaming';
import { checkIntegrationTimeout } from './timeout';
import { GatewayValidationError } from '../core/errors';
import { checkPattern, STAGE_VARIABLE_NAME, STAGE_VARIABLE_NAME_RULE } from '../core/rules';

/**
 * A Lambda proxy integration, of the function or of the alias a stage variable names.
 * @internal
 */
export class LambdaProxyIntegration implements IRestIntegration {
  constructor(
    private readonly handler: lambda.IFunction,
    private readonly options: LambdaIntegrationOptions,
    private readonly aliasVariable: string | undefined,
  ) {}

  public bind(options: RestIntegrationBindOptions): RestIntegrationConfig {
    const scope = options.scope;
    const where = `route ${options.route.key}`;
    const streaming = streams(scope, where, this.options.responseTransferMode);
    const timeoutMs = checkIntegrationTimeout(scope, where, this.options.timeout, options.endpointType, streaming);
    if (this.aliasVariable !== undefined) {
      checkPattern(scope, 'alias stage variable name', this.aliasVariable, STAGE_VARIABLE_NAME, STAGE_VARIABLE_NAME_RULE);
      if (isQualified(this.handler)) {
        throw new GatewayValidationError(scope, 'LambdaAliasNeedsFunction', `Integration.lambdaAlias() needs the unqualified function, but ${this.handler.node.path} is already an alias or a version; pass the function itself (the stage variable picks the alias), or use Integration.lambda() for a fixed alias.`);
      }
    }
    const integration: Record<string, unknown> = {
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: invocationUri(scope, this.handler, this.aliasVariable, streaming),
      passthroughBehavior: 'when_no_match',
    };
    if (timeoutMs !== undefined) {
      integration.timeoutInMillis = timeoutMs;
    }
    if (streaming) {
      integration.responseTransferMode = 'STREAM';
      warnIfRuntimeCannotStream(scope, where, this.handler);
    }
    if (this.aliasVariable !== undefined) {
      options.permissions.grantInvokeAlias(this.handler, this.aliasVariable);
    } else {
      options.permissions.grantInvoke(this.handler);
    }
    return { integration };
  }
}

/** Aliases (IAlias) and versions (IVersion), defined here or imported, are already qualified. */
function isQualified(handler: lambda.IFunction): boolean {
  return 'aliasName' in handler || 'version' in handler;
}

/**
 * The integration URI `arn:<partition>:apigateway:<region>:lambda:path/2015-03-31/functions/<fn>[:<alias>]/invocations`,
 * or, for a streamed response, Lambda's InvokeWithResponseStream:
 * `arn:<partition>:apigateway:<region>:lambda:path/2021-11-15/functions/<fn>[:<alias>]/response-streaming-invocations`.
 *
 * For a function defined in the API's own stack it is one compact `Fn::Sub`
 * string: an API of 1,500 routes repeats this URI 1,500 times, and `Fn::Join`
 * would make the template several times larger. Anywhere else (another stack,
 * an imported ARN) ordinary token concatenation lets CDK wire the reference.
 */
export function invocationUri(scope: IConstruct, handler: lambda.IFunction, aliasVariable: string | undefined, streaming: boolean = false): unknown {
  const [version, action] = streaming ? ['2021-11-15', 'response-streaming-invocations'] : ['2015-03-31', 'invocations'];
  const cfnFunction = handler.node.defaultChild;
  if (cfnFunction instanceof lambda.CfnFunction && Stack.of(cfnFunction) === Stack.of(scope)) {
    const qualifier = aliasVariable ? `:\${!stageVariables.${aliasVariable}}` : '';
    return {
      'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/${version}/functions/\${${cfnFunction.logicalId}.Arn}${qualifier}/${action}`,
    };
  }
  const qualifier = aliasVariable ? `:\${stageVariables.${aliasVariable}}` : '';
  return `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}:lambda:path/${version}/functions/${handler.functionArn}${qualifier}/${action}`;
}
