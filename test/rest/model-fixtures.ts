import { Construct } from 'constructs';
import { Authorization, AuthorizationType, RestAuthorizationConfig } from '../../lib';
import { parseRouteKey } from '../../lib/core/route-key';
import { RestApiModel, RestApiSettings, StageRecord } from '../../lib/rest/model/rest-api-model';
import { RouteRecord } from '../../lib/rest/model/route-record';
import { RuleContext } from '../../lib/rest/validate/rule';

/**
 * Plain-data fixtures for the model, renderers and rules: no App, no Stack.
 * Errors need a construct to name; a lone root construct (no stack) is enough.
 */
export const SCOPE = new Construct(undefined as any, 'Api');

/** The authorization object public fixture routes were given. */
const PUBLIC_SOURCE = Authorization.none();

/** A bound IAM (SigV4) authorization, as `Authorization.iam().bind()` returns it. */
export const IAM: RestAuthorizationConfig = { authorizationType: AuthorizationType.IAM };

export function newModel(settings: Partial<RestApiSettings> = {}): RestApiModel {
  return new RestApiModel({ title: 'Pets', privateEndpoint: false, ...settings });
}

/** A route record as `addRoute` would build it, with a mock integration and public authorization unless told otherwise. */
export function route(key: string, fields: Partial<RouteRecord> = {}): RouteRecord {
  return {
    parsed: parseRouteKey(SCOPE, key),
    integration: { integration: { type: 'mock' } },
    options: {},
    authorization: { authorizationType: AuthorizationType.NONE },
    authorizationSource: PUBLIC_SOURCE,
    apiKeyRequired: false,
    caller: { parameters: [] },
    ...fields,
  };
}

export function stage(name: string, fields: Partial<StageRecord> = {}): StageRecord {
  return { name, variables: {}, routeThrottles: new Map(), ...fields };
}

/** A rule context over a model: tokens resolve to themselves, warnings are collected. */
export function ruleContext(model: RestApiModel, fields: Partial<RuleContext> = {}): RuleContext & { readonly warnings: string[] } {
  const warnings: string[] = [];
  return {
    model,
    scope: SCOPE,
    warn: (id, message) => warnings.push(`${id}: ${message}`),
    resolve: value => value,
    policy: () => undefined,
    bodyLocation: 'template',
    // An empty body's JSON ({}).
    deployedBodyBytes: () => 2,
    warnings,
    ...fields,
  };
}
