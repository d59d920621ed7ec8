import { Duration } from 'aws-cdk-lib';
import { ResponseTransferMode } from './response-transfer-mode';

/** Options for `Integration.lambda()`. */
export interface LambdaIntegrationOptions {
  /**
   * How long API Gateway waits for the function before answering 504.
   * @default Duration.seconds(29) - API Gateway's default and maximum without a quota increase
   */
  readonly timeout?: Duration;

  /**
   * `STREAM` sends the function's response on as it is written (the function
   * uses `awslambda.streamifyResponse`; API Gateway calls it with
   * InvokeWithResponseStream), for up to 15 minutes with `timeout`; a streamed
   * route cannot be cached or compressed.
   * @default ResponseTransferMode.BUFFERED
   */
  readonly responseTransferMode?: ResponseTransferMode;
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
