import { renderMethodSettings } from './method-settings';
import { UnauthorizedCacheControl } from '../cache';
import type { StageRecord } from '../model/rest-api-model';
import type { RouteRecord } from '../model/route-record';

/** What the stage-settings custom resource applies to a stage, and reverts when it is deleted. */
export interface StageSettingsPatches {
  /** API Gateway `PATCH` operations to apply. */
  readonly apply: object[];
  /** Operations that restore API Gateway's defaults. */
  readonly revert: object[];
  /** Whether a canary the template no longer has must be removed. */
  readonly removeCanary: boolean;
}

/**
 * What the stage-settings resource applies: cache invalidation authorization
 * on every method setting, and the removal of a canary the template no longer has.
 */
export function renderStageSettingsPatches(stage: StageRecord, routes: readonly RouteRecord[]): StageSettingsPatches {
  const cache = stage.cache;
  const apply: object[] = [];
  const revert: object[] = [];
  if (cache) {
    const keys = renderMethodSettings(stage, routes).map(setting => `${setting.resourcePath}/${setting.httpMethod}`);
    for (const key of keys) {
      apply.push(
        { op: 'replace', path: `${key}/caching/requireAuthorizationForCacheControl`, value: String(cache.requireAuthorizationForInvalidation ?? true) },
        { op: 'replace', path: `${key}/caching/unauthorizedCacheControlHeaderStrategy`, value: cache.unauthorizedInvalidation ?? UnauthorizedCacheControl.FAIL_WITH_403 },
      );
      // API Gateway's defaults, restored when the resource is deleted.
      revert.push(
        { op: 'replace', path: `${key}/caching/requireAuthorizationForCacheControl`, value: 'false' },
        { op: 'replace', path: `${key}/caching/unauthorizedCacheControlHeaderStrategy`, value: UnauthorizedCacheControl.SUCCEED_WITH_RESPONSE_HEADER },
      );
    }
  }
  return { apply, revert, removeCanary: stage.canaryVariables === undefined };
}
