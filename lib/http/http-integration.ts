import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { HttpApiIntegrationBindOptions, HttpApiIntegrationConfig, IHttpApiIntegration } from './http-route-integration';
import { executeApiArn } from '../core/arns';
import { GatewayValidationError } from '../core/errors';
import { shortHash } from '../core/private/names';
import { checkBackendUrl, checkOneOf, enumValues, literalMillis } from '../core/rules';

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
 * APIs; use `GatewayRestApi` for them. For any other backend, implement
 * `IHttpApiIntegration` (e.g. around an aws-cdk-lib `HttpSqsIntegration`).
 */
export class HttpApiIntegration implements IHttpApiIntegration {
  /** A Lambda function; it gets one permission for the whole API, however many routes use it. */
  public static lambda(handler: lambda.IFunction, options: HttpApiIntegrationOptions = {}): HttpApiIntegration {
    return new HttpApiIntegration(bindOptions => {
      const timeoutMs = checkTimeout(bindOptions.scope, options.timeout);
      if (bindOptions.routeKey === '$default') {
        allowDefaultRoute(bindOptions, handler);
      }
      return new LambdaIntegration(`Lambda${shortHash(handler.node.path)}`, handler, {
        // One permission per function for the API, instead of one per route.
        scopePermissionToRoute: false,
      }, timeoutMs);
    }, `lambda|${handler.node.path}|${timeoutKey(options.timeout)}`);
  }

  /** An HTTP backend, proxied. */
  public static url(url: string, options: HttpApiUrlIntegrationOptions = {}): HttpApiIntegration {
    return new HttpApiIntegration(({ scope }) => {
      checkBackendUrl(scope, '', url);
      checkOneOf(scope, 'backend method', options.method, enumValues(apigwv2.HttpMethod), 'use an apigwv2.HttpMethod, e.g. apigwv2.HttpMethod.GET, or leave it out for the caller\'s method');
      const timeoutMs = checkTimeout(scope, options.timeout);
      return new UrlIntegration(`Url${shortHash(url + (options.method ?? ''))}`, url, { method: options.method }, timeoutMs);
    }, `url|${url}|${options.method ?? ''}|${timeoutKey(options.timeout)}`);
  }

  private constructor(
    private readonly create: (options: HttpApiIntegrationBindOptions) => apigwv2.HttpRouteIntegration,
    /** Integrations that configure the same backend share one integration (and permission), within one API. */
    private readonly shareKey: string,
  ) {}

  /**
   * A new route integration, checked; routes that configure the same backend
   * get the same `shareKey`, so the API keeps the first (a CDK integration
   * serves the first API it is bound to).
   */
  public bind(options: HttpApiIntegrationBindOptions): HttpApiIntegrationConfig {
    return { integration: this.create(options), shareKey: this.shareKey };
  }
}

/**
 * The API-wide permission of a shared Lambda integration (`{api}/*\/*\/*`) does not match the
 * source ARN of the `$default` route (`{api}/{stage}/$default`), so that route gets its own.
 */
function allowDefaultRoute(options: HttpApiIntegrationBindOptions, handler: lambda.IFunction): void {
  // An API has one $default route, so this runs at most once per API.
  handler.addPermission(`DefaultRoute${shortHash(options.scope.node.path)}`, {
    principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
    sourceArn: executeApiArn(options.scope, options.api.apiId, '*/$default'),
  });
}

/** A timeout as part of a sharing key: in milliseconds, so that equal timeouts share; a token as itself (checked when bound). */
function timeoutKey(timeout: Duration | undefined): string {
  return timeout === undefined ? '' : timeout.isUnresolved() ? timeout.toString() : String(timeout.toMilliseconds({ integral: false }));
}

/** The timeout in milliseconds, checked; undefined when none is given. */
function checkTimeout(scope: IConstruct, timeout: Duration | undefined): number | undefined {
  // Not integral: NaN or a fraction must fail here, with the library's message, not in Duration.
  const ms = timeout && literalMillis(scope, 'integration timeout', timeout);
  if (ms !== undefined && (!Number.isInteger(ms) || ms < 50 || ms > MAX_TIMEOUT_MS)) {
    throw new GatewayValidationError(scope, 'IntegrationTimeoutOutOfRange', `integration timeout ${ms} ms is out of range: HTTP APIs accept 50 ms to 30 s; use GatewayRestApi (regional) for longer timeouts with a raised quota.`);
  }
  return ms;
}

/**
 * Sets `TimeoutInMillis` on the integration's L1 once it exists (it is created under the first route bound to it).
 * aws-cdk-lib's `HttpIntegration` refuses timeouts above 29 s, a REST API limit, while HTTP APIs allow 30 s, so the
 * timeout goes to the L1 instead of the L2's props.
 */
function applyTimeout(options: apigwv2.HttpRouteIntegrationBindOptions, id: string, timeoutMs: number | undefined): void {
  if (timeoutMs === undefined) {
    return;
  }
  const integration = options.scope.node.tryFindChild(id)?.node.defaultChild;
  if (integration instanceof apigwv2.CfnIntegration) {
    integration.timeoutInMillis = timeoutMs;
  }
}

/** A Lambda integration whose timeout may be the full 30 s. */
class LambdaIntegration extends integrations.HttpLambdaIntegration {
  constructor(
    private readonly integrationId: string, handler: lambda.IFunction, props: integrations.HttpLambdaIntegrationProps,
    private readonly timeoutMs: number | undefined,
  ) {
    super(integrationId, handler, props);
  }

  protected completeBind(options: apigwv2.HttpRouteIntegrationBindOptions): void {
    super.completeBind(options);
    applyTimeout(options, this.integrationId, this.timeoutMs);
  }
}

/** An HTTP proxy integration whose timeout may be the full 30 s. */
class UrlIntegration extends integrations.HttpUrlIntegration {
  constructor(
    private readonly integrationId: string, url: string, props: integrations.HttpUrlIntegrationProps,
    private readonly timeoutMs: number | undefined,
  ) {
    super(integrationId, url, props);
  }

  protected completeBind(options: apigwv2.HttpRouteIntegrationBindOptions): void {
    super.completeBind(options);
    applyTimeout(options, this.integrationId, this.timeoutMs);
  }
}
