import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { LambdaProxyIntegration } from './lambda';
import { LambdaAliasIntegrationOptions, LambdaIntegrationOptions } from './lambda-options';

/**
 * A Lambda function that a route invokes.
 * @internal
 */
export interface LambdaTarget {
  readonly handler: lambda.IFunction;
  /** The stage variable that names the alias, for alias-routed integrations. */
  readonly aliasVariable?: string;
}

/**
 * What an integration contributes to one route once validated against the API.
 * @internal
 */
export interface BoundIntegration {
  /** The `x-amazon-apigateway-integration` object (may contain CDK tokens). */
  readonly openApi: Record<string, unknown>;
  /** The function the API must be allowed to invoke, if any. */
  readonly lambdaTarget?: LambdaTarget;
}

/**
 * The kind-specific part of an integration.
 * @internal
 */
export interface IntegrationSpec {
  bind(scope: IConstruct): BoundIntegration;
}

/**
 * The backend a route sends its requests to.
 *
 * Create one with a static factory, e.g. `Integration.lambda(fn)`; one
 * integration may serve any number of routes.
 */
export class Integration {
  /**
   * Lambda proxy integration (`AWS_PROXY`): the request is the function's event.
   * The function gets one permission scoped to this API, however many routes use it.
   */
  public static lambda(handler: lambda.IFunction, options: LambdaIntegrationOptions = {}): Integration {
    return new Integration(new LambdaProxyIntegration(handler, options, undefined));
  }

  /**
   * Lambda proxy integration through an alias chosen by a stage variable: the
   * integration URI ends in `:${stageVariables.<variable>}`, so each stage (and
   * later each canary) invokes the alias it names. Every alias a stage selects
   * gets exactly one permission, scoped to this API.
   */
  public static lambdaAlias(handler: lambda.IFunction, options: LambdaAliasIntegrationOptions = {}): Integration {
    return new Integration(new LambdaProxyIntegration(handler, options, options.variable ?? DEFAULT_ALIAS_VARIABLE));
  }

  /** @internal */
  public readonly _spec: IntegrationSpec;

  private constructor(spec: IntegrationSpec) {
    this._spec = spec;
  }
}

/** The stage variable an alias integration reads unless told otherwise; a stage's `lambdaAlias` sets it. */
export const DEFAULT_ALIAS_VARIABLE = 'lambdaAlias';
