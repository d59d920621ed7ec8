import { Duration, Names, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { CognitoAuthorizationOptions, LambdaRequestAuthorizationOptions, LambdaTokenAuthorizationOptions } from './authorization-options';
import {
  AuthorizationType, IRestAuthorization, RestAuthorizationBindOptions, RestAuthorizationConfig, RestAuthorizerConfig, RestCallerParameter,
} from './rest-authorization';
import { GatewayValidationError } from '../core/errors';
import { javaRegexSyntaxError } from '../core/private/java-regex';
import { constructNamePart, shortHash } from '../core/private/names';
import { checkPattern, checkWholeSeconds, describeValue, HEADER_NAME, HEADER_NAME_RULE } from '../core/rules';
import { RestParameterLocation } from '../integrations/integration';
import { invocationUri } from '../integrations/lambda';

/**
 * Fails for routes that make no authorization decision (none of their own, and
 * no `defaultAuthorization` on the API): a public route must be a visible decision.
 * @param routes the routes as the user wrote them, e.g. `GET /pets`, or `listPets (GET /pets)`
 * @param fix how to decide, naming the API's own "public", e.g. `Authorization.none()`
 */
export function failRoutesWithoutAuthorization(scope: IConstruct, routes: readonly string[], fix: string): never {
  const listed = routes.slice(0, 5).join(', ') + (routes.length > 5 ? `, and ${routes.length - 5} more` : '');
  const subject = routes.length === 1 ? `route ${listed} has` : `${routes.length} routes (${listed}) have`;
  throw new GatewayValidationError(scope, 'RouteWithoutAuthorization', `${subject} no authorization, and the API has no defaultAuthorization, so ${routes.length === 1 ? 'it' : 'they'} would be public without saying so; ${fix}.`);
}

const DEFAULT_RESULTS_CACHE_TTL = Duration.minutes(5);
const MAX_RESULTS_CACHE_TTL_SECONDS = 3600;
const OAUTH_SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/;

/**
 * The authorizations the library ships: each factory returns an
 * `IRestAuthorization`, which says who may call a route. Pass one as the API's
 * `defaultAuthorization` or a route's `authorization`; `Authorization.none()`
 * makes a route public, as a visible decision. Implement `IRestAuthorization`
 * for an authorizer the library does not ship.
 */
export class Authorization {
  /** No authorization: a public route. */
  public static none(): IRestAuthorization {
    return new BuiltInAuthorization(AuthorizationType.NONE);
  }

  /**
   * AWS IAM (SigV4): callers need `execute-api:Invoke` on the route, which
   * `api.grantInvoke()` gives.
   */
  public static iam(): IRestAuthorization {
    return new BuiltInAuthorization(AuthorizationType.IAM);
  }

  /**
   * Amazon Cognito user pools: callers send a token of one of the pools in the
   * `Authorization` header. Routes may share one authorizer and still ask for
   * different scopes.
   */
  public static cognito(userPools: cognito.IUserPool[], options: CognitoAuthorizationOptions = {}): IRestAuthorization {
    return new BuiltInAuthorization(AuthorizationType.COGNITO, scope => {
      if (userPools.length === 0) {
        throw new GatewayValidationError(scope, 'CognitoWithoutUserPool', 'Authorization.cognito() needs at least one user pool.');
      }
      if (options.scopes !== undefined && !Array.isArray(options.scopes)) {
        throw new GatewayValidationError(scope, 'OAuthScopesNotList', `Authorization.cognito() scopes must be a list of strings, got ${describeValue(options.scopes)}; e.g. scopes: ['pets/read'].`);
      }
      for (const oauthScope of options.scopes ?? []) {
        checkPattern(scope, 'OAuth scope', oauthScope, OAUTH_SCOPE, 'use 1 to 256 printable characters without spaces, quotes or backslashes, e.g. "pets/read"');
      }
      const ttl = resultsCacheTtl(scope, options.resultsCacheTtl);
      const arns = userPools.map(pool => pool.userPoolArn);
      return {
        key: `cognito|${arns.join(',')}|${ttl}`,
        name: `CognitoAuthorizer${shortHash([...userPools.map(pool => Names.uniqueId(pool)), ttl].join('|'))}`,
        securityScheme: {
          'type': 'apiKey',
          'name': 'Authorization',
          'in': 'header',
          'x-amazon-apigateway-authtype': 'cognito_user_pools',
          'x-amazon-apigateway-authorizer': {
            type: 'cognito_user_pools',
            providerARNs: arns,
            authorizerResultTtlInSeconds: ttl,
          },
        },
        callerParameters: [{ location: RestParameterLocation.HEADER, name: 'Authorization' }],
      };
    }, undefined, options.scopes);
  }

  /**
   * A Lambda token authorizer: the function receives the token from one header
   * (a bearer token, a JWT) and returns an IAM policy. It gets one permission,
   * scoped to this API's authorizers.
   */
  public static lambdaToken(handler: lambda.IFunction, options: LambdaTokenAuthorizationOptions = {}): IRestAuthorization {
    return new BuiltInAuthorization(AuthorizationType.LAMBDA, scope => {
      const header = options.header ?? 'Authorization';
      if (header === '') {
        throw new GatewayValidationError(scope, 'TokenAuthorizerHeaderEmpty', 'a Lambda token authorizer needs a header to read the token from; leave header unset for Authorization.');
      }
      checkPattern(scope, 'token authorizer header', header, HEADER_NAME, HEADER_NAME_RULE);
      const regex = options.validationRegex;
      // API Gateway compiles the expression with Java's java.util.regex, so it is checked as Java would.
      const regexError = regex !== undefined && !Token.isUnresolved(regex) ? javaRegexSyntaxError(regex) : undefined;
      if (regexError !== undefined) {
        throw new GatewayValidationError(scope, 'TokenAuthorizerRegexInvalid', `token authorizer validationRegex ${JSON.stringify(regex)} is not a valid regular expression in Java's syntax: ${regexError}.`);
      }
      const ttl = resultsCacheTtl(scope, options.resultsCacheTtl);
      const authorizer: Record<string, unknown> = {
        type: 'token',
        authorizerUri: invocationUri(scope, handler, undefined),
        authorizerResultTtlInSeconds: ttl,
      };
      if (regex !== undefined) {
        authorizer.identityValidationExpression = regex;
      }
      return {
        key: `token|${handler.functionArn}|${header}|${regex ?? ''}|${ttl}`,
        name: lambdaAuthorizerName(handler, ['token', header, regex ?? '', ttl]),
        securityScheme: {
          'type': 'apiKey',
          // A token authorizer reads the header the scheme names.
          'name': header,
          'in': 'header',
          'x-amazon-apigateway-authtype': 'custom',
          'x-amazon-apigateway-authorizer': authorizer,
        },
        callerParameters: [{ location: RestParameterLocation.HEADER, name: header }],
      };
    }, handler);
  }

  /**
   * A Lambda request authorizer: the function receives the identity sources
   * (headers, query-string parameters, stage and context variables) and
   * returns an IAM policy. It gets one permission, scoped to this API's authorizers.
   */
  public static lambdaRequest(handler: lambda.IFunction, options: LambdaRequestAuthorizationOptions): IRestAuthorization {
    return new BuiltInAuthorization(AuthorizationType.LAMBDA, scope => {
      const sources = options.identitySources;
      sources.forEach(source => source._validate(scope));
      const ttl = resultsCacheTtl(scope, options.resultsCacheTtl);
      if (ttl > 0 && sources.length === 0) {
        throw new GatewayValidationError(scope, 'RequestAuthorizerCacheWithoutSource', `a Lambda request authorizer that caches its results (resultsCacheTtl ${ttl} s) needs at least one identity source, which is the cache key; add one (e.g. IdentitySource.header('Authorization')) or set resultsCacheTtl to Duration.seconds(0).`);
      }
      const expressions = sources.map(source => source.expression);
      if (new Set(expressions).size !== expressions.length) {
        throw new GatewayValidationError(scope, 'IdentitySourceDuplicate', `the Lambda request authorizer lists an identity source twice (${expressions.join(', ')}); list each once.`);
      }
      const callerParameters = sources.map(source => source._callerParameter())
        .filter((parameter): parameter is RestCallerParameter => parameter !== undefined);
      if (ttl > 0 && sources.length > 0 && callerParameters.length === 0 && !options.decisionFromIdentitySourcesOnly) {
        throw new GatewayValidationError(scope, 'AuthorizerCacheWithoutCaller', `a Lambda request authorizer that caches its results (resultsCacheTtl ${ttl} s) keys its cache only on stage variables and context values (${expressions.join(', ')}), so one caller's Allow would be reused for every caller for ${ttl} s; add a header or query-string identity source that identifies the caller (e.g. IdentitySource.header('Authorization')), set resultsCacheTtl to Duration.seconds(0), or set decisionFromIdentitySourcesOnly: true if the decision depends on nothing but these sources.`);
      }
      const authorizer: Record<string, unknown> = {
        type: 'request',
        authorizerUri: invocationUri(scope, handler, undefined),
        authorizerResultTtlInSeconds: ttl,
      };
      if (expressions.length > 0) {
        authorizer.identitySource = expressions.join(', ');
      }
      return {
        key: `request|${handler.functionArn}|${expressions.join(',')}|${ttl}`,
        name: lambdaAuthorizerName(handler, ['request', ...expressions, ttl]),
        securityScheme: {
          'type': 'apiKey',
          // OpenAPI requires a name; a request authorizer reads its identity sources instead.
          'name': 'Unused',
          'in': 'header',
          'x-amazon-apigateway-authtype': 'custom',
          'x-amazon-apigateway-authorizer': authorizer,
        },
        callerParameters,
      };
    }, handler);
  }

  /** Only static factories: an authorization is any `IRestAuthorization`. */
  private constructor() {}
}

/**
 * The library's own authorizations: NONE and IAM bind to their type alone;
 * Cognito and Lambda bind to an authorizer, validated when the API binds it.
 */
class BuiltInAuthorization implements IRestAuthorization {
  constructor(
    private readonly type: AuthorizationType,
    private readonly authorizer?: (scope: IConstruct) => RestAuthorizerConfig,
    private readonly handler?: lambda.IFunction,
    private readonly scopes?: string[],
  ) {}

  public bind(options: RestAuthorizationBindOptions): RestAuthorizationConfig {
    if (!this.authorizer) {
      return { authorizationType: this.type };
    }
    // The authorizer validates the configuration (the scopes too) before anything is granted.
    const authorizer = this.authorizer(options.scope);
    if (this.handler) {
      options.permissions.grantAuthorizerInvoke(this.handler);
    }
    return { authorizationType: this.type, scopes: [...this.scopes ?? []], authorizer };
  }
}

function resultsCacheTtl(scope: IConstruct, ttl: Duration | undefined): number {
  return checkWholeSeconds(scope, 'authorizer resultsCacheTtl (seconds)', ttl ?? DEFAULT_RESULTS_CACHE_TTL, 0, MAX_RESULTS_CACHE_TTL_SECONDS,
    'Use Duration.seconds(0) to turn the cache off.')!;
}

function lambdaAuthorizerName(handler: lambda.IFunction, configuration: unknown[]): string {
  return `Authorizer${constructNamePart(handler, ...configuration)}`;
}
