import { Duration } from 'aws-cdk-lib';

/** Options for `Integration.lambda()`. */
export interface LambdaIntegrationOptions {
  /**
   * How long API Gateway waits for the function before answering 504.
   * @default Duration.seconds(29) - API Gateway's default and maximum without a quota increase
   */
  readonly timeout?: Duration;
}

/** Options for `Integration.lambdaAlias()`. */
export interface LambdaAliasIntegrationOptions extends LambdaIntegrationOptions {
  /**
   * The stage variable whose value is the alias to invoke. Every stage must set it,
   * either in `variables` or, for the default name, through `lambdaAlias`.
   * @default 'lambdaAlias'
   */
  readonly variable?: string;
}
