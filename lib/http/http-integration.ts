import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { GatewayValidationError } from '../errors';
import { shortHash } from '../names';
import { checkBackendUrl, checkOneOf, enumValues } from '../validation';

/** Options of `HttpApiIntegration` backends. */
export interface HttpApiIntegrationOptions {
  /**
   * How long API Gateway waits before answering 503 (HTTP APIs allow 50 ms to 30 s).
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
}

/** Options for `HttpApiIntegration.url()`. */
export interface HttpApiUrlIntegrationOptions extends HttpApiIntegrationOptions {
  /**
   * The backend request's method.
   * @default - the caller's method
   */
  readonly method?: apigwv2.HttpMethod;
}

/** HTTP APIs wait at most 30 s for an integration. */
const MAX_TIMEOUT_MS = 30_000;

/**
 * The backend of a `GatewayHttpApi` route: a Lambda function (payload format
 * 2.0) or an HTTP URL, both proxied. Mapping templates do not exist on HTTP
 * APIs; use `GatewayRestApi` for them.
 */
export class HttpApiIntegration {
  /** A Lambda function; it gets one permission for the whole API, however many routes use it. */
  public static lambda(handler: lambda.IFunction, options: HttpApiIntegrationOptions = {}): HttpApiIntegration {
    return new HttpApiIntegration(handler, scope => {
      checkTimeout(scope, options.timeout);
      return new integrations.HttpLambdaIntegration(`Lambda${shortHash(handler.node.path)}`, handler, {
        timeout: options.timeout,
        // One permission per function for the API, instead of one per route.
        scopePermissionToRoute: false,
      });
    }, `lambda|${handler.node.path}|${options.timeout?.toMilliseconds({ integral: false }) ?? ''}`);
  }

  /** An HTTP backend, proxied. */
  public static url(url: string, options: HttpApiUrlIntegrationOptions = {}): HttpApiIntegration {
    return new HttpApiIntegration(undefined, scope => {
      checkBackendUrl(scope, '', url);
      checkOneOf(scope, 'backend method', options.method, enumValues(apigwv2.HttpMethod), 'use an apigwv2.HttpMethod, e.g. apigwv2.HttpMethod.GET, or leave it out for the caller\'s method');
      checkTimeout(scope, options.timeout);
      return new integrations.HttpUrlIntegration(`Url${shortHash(url + (options.method ?? ''))}`, url, { method: options.method, timeout: options.timeout });
    }, `url|${url}|${options.method ?? ''}|${options.timeout?.toMilliseconds({ integral: false }) ?? ''}`);
  }

  /** Integrations that configure the same backend share one integration (and permission), within one API. @internal */
  public readonly _key: string;

  /** The function of a Lambda integration. @internal */
  public readonly _handler?: lambda.IFunction;

  private constructor(
    handler: lambda.IFunction | undefined, private readonly create: (scope: IConstruct) => apigwv2.HttpRouteIntegration, key: string,
  ) {
    this._handler = handler;
    this._key = key;
  }

  /**
   * A new route integration; the API creates one per `_key` (a CDK integration serves the first API it is bound to).
   * @internal
   */
  public _create(scope: IConstruct): apigwv2.HttpRouteIntegration {
    return this.create(scope);
  }
}

function checkTimeout(scope: IConstruct, timeout: Duration | undefined): void {
  // Not integral: NaN or a fraction must fail here, with the library's message, not in Duration.
  const ms = timeout?.toMilliseconds({ integral: false });
  if (ms !== undefined && (!Number.isInteger(ms) || ms < 50 || ms > MAX_TIMEOUT_MS)) {
    throw new GatewayValidationError(scope, 'IntegrationTimeoutOutOfRange', `integration timeout ${ms} ms is out of range: HTTP APIs accept 50 ms to 30 s; use GatewayRestApi (regional) for longer timeouts with a raised quota.`);
  }
}
