import { Duration } from 'aws-cdk-lib';
import { IdentitySource } from './identity-source';

/** Options of `Authorization.cognito()`. */
export interface CognitoAuthorizationOptions {
  /**
   * OAuth scopes the caller's access token must carry (any one of them), e.g.
   * `['pets/read']`. With scopes, clients send an access token; without, an ID token.
   * @default - any valid token of the user pools
   */
  readonly scopes?: string[];

  /**
   * How long API Gateway caches the authorizer's decision for a token: 0 to 3,600 seconds (0 turns caching off).
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;
}

/** Options of `Authorization.lambdaToken()`. */
export interface LambdaTokenAuthorizationOptions {
  /**
   * The request header that carries the token.
   * @default 'Authorization'
   */
  readonly header?: string;

  /**
   * A regular expression the token must match before the function is called;
   * a token that does not match is answered 401 without invoking it.
   * @default - every token is passed to the function
   */
  readonly validationRegex?: string;

  /**
   * How long API Gateway caches the function's policy for a token: 0 to 3,600 seconds (0 turns caching off).
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;
}

/** Options of `Authorization.lambdaRequest()`. */
export interface LambdaRequestAuthorizationOptions {
  /**
   * Where the identity is read from: headers, query-string parameters, stage
   * and context variables. They form the cache key, so caching needs at least one.
   */
  readonly identitySources: IdentitySource[];

  /**
   * How long API Gateway caches the function's policy for the same identity
   * sources: 0 to 3,600 seconds (0 turns caching off).
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;

  /**
   * Says that the function's decision depends on nothing but the identity
   * sources. API Gateway caches the decision by the identity sources alone; when
   * they are only stage variables and context values, a cached Allow is reused
   * for every caller, so such an authorizer with a results cache is a synth error
   * unless this is set (e.g. one that allows by `IdentitySource.context('identity.sourceIp')`).
   * Not needed when a header or query-string source identifies the caller, or
   * with `resultsCacheTtl: Duration.seconds(0)`.
   * @default false
   */
  readonly decisionFromIdentitySourcesOnly?: boolean;
}
