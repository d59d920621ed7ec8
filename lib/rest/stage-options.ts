import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { StageCacheOptions } from './cache';
import { ICanary } from './canary';
import type { StageClientCertificateOptions } from './client-certificate';
import { ThrottleSettings } from '../core/throttle';

/** A stage of a REST API: a named, deployed snapshot with its own settings. */
export interface StageOptions {
  /** The stage name (`dev`, `prod`, ...): letters, digits, `-` and `_`, at most 128 characters. */
  readonly name: string;

  /**
   * A description of the stage.
   * @default - none
   */
  readonly description?: string;

  /**
   * Stage variables. Names use `[A-Za-z0-9_]` (at most 64 characters, not only `_`); values use
   * `[A-Za-z0-9-._~:/?#&=,]` (1 to 512 characters); at most 100 variables.
   * @default - none
   */
  readonly variables?: { [name: string]: string };

  /**
   * The Lambda alias that `Integration.lambdaAlias()` routes invoke in this
   * stage: shorthand for the stage variable `lambdaAlias`.
   * @default - the stage sets no `lambdaAlias` variable
   */
  readonly lambdaAlias?: string;

  /**
   * Stage-wide throttling. Without a stage limit one busy API can use up the
   * account-wide limit that every API in the region shares, so stages are
   * throttled by default; a limit left out takes its default.
   * @default { rateLimit: 1000, burstLimit: 500 }
   */
  readonly throttle?: ThrottleSettings;

  /**
   * Throttling for single routes in this stage, keyed by route (`'GET /pets/{id}'`).
   * Overrides the route's own `throttle` option.
   * @default - none
   */
  readonly routeThrottles?: { [routeKey: string]: ThrottleSettings };

  /**
   * Active X-Ray tracing.
   * @default true
   */
  readonly tracingEnabled?: boolean;

  /**
   * Detailed (per-method) CloudWatch metrics.
   * @default true
   */
  readonly detailedMetrics?: boolean;

  /**
   * Execution logging level. Request and response bodies are never logged
   * (data trace stays off), since they may hold personal data and secrets.
   * @default apigw.MethodLoggingLevel.ERROR
   */
  readonly executionLogLevel?: apigw.MethodLoggingLevel;

  /**
   * How long access logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly accessLogRetention?: logs.RetentionDays;

  /**
   * The access log format. It must contain `$context.requestId` or `$context.extendedRequestId`.
   * @default - JSON with request id, caller, method, path, status, latency, integration latency and error message
   */
  readonly accessLogFormat?: apigw.AccessLogFormat;

  /**
   * A cache cluster for the stage. GET routes are cached; routes opt in or out
   * with their `cache` option.
   * @default - no cache
   */
  readonly cache?: StageCacheOptions;

  /**
   * The id of an API Gateway client certificate (`apigw.CfnClientCertificate`'s `ref`) that
   * the stage presents to HTTP backends, which can verify that a request comes from API Gateway.
   * Lambda, AWS service and mock integrations do not use it. API Gateway's
   * client certificates are valid for a year: rotate it before it expires.
   * @default - none
   */
  readonly clientCertificateId?: string;

  /**
   * Has API Gateway generate a client certificate for this stage
   * (`AWS::ApiGateway::ClientCertificate`), presented to HTTP backends like
   * `clientCertificateId`'s. Read its public key (PEM) with
   * `aws apigateway get-client-certificate` for the backend's trust store.
   * @default - none
   */
  readonly clientCertificate?: StageClientCertificateOptions;

  /**
   * A canary release on this stage.
   * @default - no canary; a canary deployed before is removed from the live stage
   */
  readonly canary?: ICanary;
}
