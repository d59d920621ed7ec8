import { Duration, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { HttpAuthorizationBindOptions, HttpAuthorizationConfig, HttpAuthorizationType, IHttpAuthorization } from './http-route-authorization';
import { GatewayValidationError } from '../core/errors';
import { shortHash } from '../core/private/names';

/** Options for `HttpAuthorization.jwt()`. */
export interface HttpJwtAuthorizationOptions {
  /**
   * Scopes the token must carry (any one of them) for this route.
   * @default - none
   */
  readonly scopes?: string[];

  /**
   * Where the token is read from.
   * @default '$request.header.Authorization'
   */
  readonly identitySource?: string;
}

/** Options for `HttpAuthorization.cognito()`. */
export interface HttpCognitoAuthorizationOptions {
  /**
   * Scopes the access token must carry (any one of them) for this route.
   * @default - none: an ID or access token of one of the clients
   */
  readonly scopes?: string[];
}

/** Options for `HttpAuthorization.lambda()`. */
export interface HttpLambdaAuthorizationOptions {
  /**
   * What identifies a caller, e.g. `['$request.header.Authorization']`; a request missing one is refused with 401.
   * @default ['$request.header.Authorization']
   */
  readonly identitySources?: string[];

  /**
   * How long API Gateway caches the function's answer per identity (0 to 3,600 s; 0 turns caching off).
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;

  /**
   * Says that the function's answer depends on nothing but the identity
   * sources. API Gateway caches the answer by the identity sources alone; when
   * they are only `$context.*` and `$stageVariables.*` values, a cached
   * `isAuthorized: true` is reused for every caller, so such an authorizer with
   * a results cache is a synth error unless this is set (e.g. one that allows by
   * `$context.identity.sourceIp`). Not needed when a `$request.header.*` or
   * `$request.querystring.*` source identifies the caller, or with
   * `resultsCacheTtl: Duration.seconds(0)`.
   * @default false
   */
  readonly decisionFromIdentitySourcesOnly?: boolean;
}

/** HTTP API quotas: audiences per JWT authorizer, and authorization scopes per route. */
const MAX_AUDIENCES = 50;
const MAX_ROUTE_SCOPES = 10;
/** An OAuth 2.0 scope token (RFC 6749, section 3.3): printable ASCII without space, quote and backslash. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Whether `value` is an absolute https URL with a host, that a URL parser accepts as written. */
function isHttpsUrl(value: string): boolean {
  if (/\s/.test(value)) {
    return false;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The scopes a route asks for: each an OAuth scope token, at most 10 (the HTTP API quota per route).
 * @internal
 */
export function checkRouteScopes(scope: IConstruct, routeKey: string, scopes: readonly string[]): void {
  for (const value of scopes) {
    if (!Token.isUnresolved(value) && !SCOPE_TOKEN.test(value)) {
      throw new GatewayValidationError(scope, 'RouteScopeInvalid', `route ${routeKey} asks for scope ${JSON.stringify(value)}, which is not an OAuth scope (1 or more printable characters without spaces, quotes or backslashes, e.g. pets/read); fix it in the authorization's scopes.`);
    }
  }
  if (scopes.length > MAX_ROUTE_SCOPES) {
    throw new GatewayValidationError(scope, 'RouteScopesTooMany', `route ${routeKey} asks for ${scopes.length} scopes; HTTP APIs allow at most ${MAX_ROUTE_SCOPES} authorization scopes per route (a token needs any one of them): list fewer, e.g. a broader scope.`);
  }
}

const JWT_SOURCE = /^\$request\.(header|querystring)\.[A-Za-z0-9._~!#$%&'*+^`|-]+$/;

/**
 * Who may call a route of a `GatewayHttpApi`: JWT (any OIDC issuer, or a
 * Cognito user pool), a Lambda authorizer with simple responses, IAM, or no one in particular.
 * For any other authorizer, implement `IHttpAuthorization`.
 */
export class HttpAuthorization implements IHttpAuthorization {
  /** A public route. */
  public static none(): HttpAuthorization {
    return new HttpAuthorization(HttpAuthorizationType.NONE, () => new apigwv2.HttpNoneAuthorizer(), []);
  }

  /** Callers sign requests with AWS credentials (SigV4); IAM policies decide. */
  public static iam(): HttpAuthorization {
    return new HttpAuthorization(HttpAuthorizationType.IAM, () => new authorizers.HttpIamAuthorizer(), []);
  }

  /**
   * A JWT from any OpenID Connect issuer: API Gateway checks its signature, issuer, audience and expiry.
   * @param issuer the issuer URL (https), e.g. `https://auth.example.com/`
   * @param audience accepted `aud` (or `client_id`) values
   */
  public static jwt(issuer: string, audience: string[], options: HttpJwtAuthorizationOptions = {}): HttpAuthorization {
    const key = `jwt|${issuer}|${audience.join(',')}|${options.identitySource ?? ''}`;
    return new HttpAuthorization(HttpAuthorizationType.JWT, scope => {
      if (options.identitySource !== undefined && !JWT_SOURCE.test(options.identitySource)) {
        throw new GatewayValidationError(scope, 'JwtIdentitySourceInvalid', `JWT identity source ${JSON.stringify(options.identitySource)} is invalid: use $request.header.<name> or $request.querystring.<name>.`);
      }
      if (!Token.isUnresolved(issuer) && !isHttpsUrl(issuer)) {
        throw new GatewayValidationError(scope, 'JwtIssuerInvalid', `JWT issuer ${JSON.stringify(issuer)} must be an https:// URL without spaces, e.g. https://auth.example.com/ (the tokens' iss claim).`);
      }
      if (audience.length === 0) {
        throw new GatewayValidationError(scope, 'JwtAudienceEmpty', 'a JWT authorizer needs at least one audience (the client ids or API identifiers tokens are issued for).');
      }
      const blank = audience.find(value => !Token.isUnresolved(value) && value.trim() === '');
      if (blank !== undefined) {
        throw new GatewayValidationError(scope, 'JwtAudienceInvalid', `JWT audience ${JSON.stringify(blank)} is empty, and no token carries an empty aud; list the client ids or API identifiers tokens are issued for.`);
      }
      if (audience.length > MAX_AUDIENCES) {
        throw new GatewayValidationError(scope, 'JwtAudienceTooMany', `a JWT authorizer has ${audience.length} audiences; HTTP APIs allow at most ${MAX_AUDIENCES} per authorizer: use several authorizers, or one audience (API identifier) for many clients.`);
      }
      return new authorizers.HttpJwtAuthorizer(`Jwt${shortHash(key)}`, issuer, {
        jwtAudience: audience,
        identitySource: options.identitySource ? [options.identitySource] : undefined,
      });
    }, options.scopes ?? [], key);
  }

  /** JWTs of a Cognito user pool, issued to the given app clients. */
  public static cognito(
    userPool: cognito.IUserPool, clients: cognito.IUserPoolClient[], options: HttpCognitoAuthorizationOptions = {},
  ): HttpAuthorization {
    const key = `cognito|${userPool.node.path}|${clients.map(client => client.node.path).join(',')}`;
    return new HttpAuthorization(HttpAuthorizationType.JWT, scope => {
      if (clients.length === 0) {
        throw new GatewayValidationError(scope, 'CognitoWithoutClient', 'a Cognito authorizer needs at least one user pool client, whose id is the audience of the tokens.');
      }
      return new authorizers.HttpUserPoolAuthorizer(`Cognito${shortHash(key)}`, userPool, { userPoolClients: clients });
    }, options.scopes ?? [], key);
  }

  /** A Lambda authorizer with simple responses (`{ isAuthorized, context }`). */
  public static lambda(handler: lambda.IFunction, options: HttpLambdaAuthorizationOptions = {}): HttpAuthorization {
    const sources = options.identitySources ?? ['$request.header.Authorization'];
    const key = `lambda|${handler.node.path}|${sources.join(',')}|${options.resultsCacheTtl?.toSeconds({ integral: false }) ?? ''}`;
    return new HttpAuthorization(HttpAuthorizationType.LAMBDA, scope => {
      const ttl = options.resultsCacheTtl?.toSeconds({ integral: false });
      if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600)) {
        throw new GatewayValidationError(scope, 'AuthorizerCacheTtlOutOfRange', `Lambda authorizer resultsCacheTtl must be 0 to 3600 whole seconds, got ${ttl}.`);
      }
      for (const source of sources) {
        if (!/^\$(request\.(header|querystring)\.[A-Za-z0-9._~!#$%&'*+^`|-]+|context\.[A-Za-z0-9.]+|stageVariables\.[A-Za-z0-9_]+)$/.test(source)) {
          throw new GatewayValidationError(scope, 'IdentitySourceInvalid', `identity source ${JSON.stringify(source)} is invalid: use $request.header.<name>, $request.querystring.<name>, $context.<variable> or $stageVariables.<name>.`);
        }
      }
      if (ttl !== 0 && sources.length === 0) {
        throw new GatewayValidationError(scope, 'RequestAuthorizerCacheWithoutSource', 'a caching Lambda authorizer needs at least one identity source, which keys its cache.');
      }
      if (ttl !== 0 && !sources.some(source => source.startsWith('$request.')) && !options.decisionFromIdentitySourcesOnly) {
        throw new GatewayValidationError(scope, 'AuthorizerCacheWithoutCaller', `a Lambda authorizer that caches its answers (resultsCacheTtl ${ttl ?? 300} s) keys its cache only on context and stage variables (${sources.join(', ')}), so one caller's authorization would be reused for every caller; add a $request.header.* or $request.querystring.* identity source that identifies the caller, set resultsCacheTtl to Duration.seconds(0), or set decisionFromIdentitySourcesOnly: true if the answer depends on nothing but these sources.`);
      }
      return new authorizers.HttpLambdaAuthorizer(`Lambda${shortHash(key)}`, handler, {
        responseTypes: [authorizers.HttpLambdaResponseType.SIMPLE],
        identitySource: sources,
        resultsCacheTtl: options.resultsCacheTtl ?? Duration.minutes(5),
      });
    }, [], key);
  }

  private constructor(
    private readonly type: HttpAuthorizationType,
    private readonly create: (scope: IConstruct) => apigwv2.IHttpRouteAuthorizer,
    private readonly scopes: string[],
    /** Authorizations that configure the same authorizer share it, within one API. */
    private readonly shareKey: string = type,
  ) {}

  /**
   * A new route authorizer, checked; authorizations that configure the same
   * authorizer get the same `shareKey`, so the API keeps the first (a CDK
   * authorizer serves the first API it is bound to).
   */
  public bind(options: HttpAuthorizationBindOptions): HttpAuthorizationConfig {
    return { authorizer: this.create(options.scope), authorizationType: this.type, scopes: [...this.scopes], shareKey: this.shareKey };
  }
}
