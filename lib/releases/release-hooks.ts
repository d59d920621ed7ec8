import { CfnResource, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { GatewayValidationError } from '../core/errors';

/** The function behind a function, an alias or a version: CodeDeploy invokes the hook, and shifts the alias's function. */
function underlyingFunction(fn: lambda.IFunction): IConstruct {
  // An Alias and a Version are IFunctions too; both name the function they belong to.
  const wrapped = (fn as { lambda?: lambda.IFunction }).lambda;
  return wrapped ?? fn;
}

function sameFunction(a: IConstruct, b: IConstruct): boolean {
  if (a === b) {
    return true;
  }
  const arnA = (a as Partial<lambda.IFunction>).functionArn;
  const arnB = (b as Partial<lambda.IFunction>).functionArn;
  // Two imports of one ARN are one function; two different tokens may still be, which CloudFormation would tell.
  return arnA !== undefined && arnA === arnB && !Token.isUnresolved(arnA);
}

/**
 * A hook must be a function of its own: CodeDeploy runs it before
 * (BeforeAllowTraffic) or after (AfterAllowTraffic) the alias shifts, to test
 * the new version; the function being shifted cannot test itself, and SAM's
 * guide for traffic hooks says to turn traffic shifting off for hooks.
 */
export function checkReleaseHook(scope: IConstruct, which: string, hook: lambda.IFunction, alias: lambda.Alias): void {
  if (sameFunction(underlyingFunction(hook), underlyingFunction(alias))) {
    throw new GatewayValidationError(scope, 'ReleaseHookIsDeployedFunction', `${which} ${hook.node.path} is (an alias or version of) ${alias.lambda.node.path}, the function this deployment shifts; CodeDeploy runs a hook to test the new version, so the hook must be a function of its own that invokes it.`);
  }
}

/**
 * Run at synth, once every deployment group exists: a hook that is itself an
 * alias CodeDeploy shifts would wait for a deployment of its own.
 */
export function checkHookNotShifted(scope: IConstruct, which: string, hook: lambda.IFunction): void {
  const resource = hook.node.defaultChild;
  if (resource && CfnResource.isCfnResource(resource) && resource.cfnResourceType === 'AWS::Lambda::Alias' && resource.cfnOptions.updatePolicy?.codeDeployLambdaAliasUpdate) {
    throw new GatewayValidationError(scope, 'ReleaseHookShifted', `${which} ${hook.node.path} is an alias that CodeDeploy shifts gradually itself; a hook must be deployed at once (SAM's guide: turn traffic shifting off for hook functions), so pass the function or an alias without a gradual deployment.`);
  }
}
