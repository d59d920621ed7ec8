import { CacheSize, UnauthorizedCacheControl } from '../../../lib';
import { renderStageSettingsPatches } from '../../../lib/rest/render/stage-settings-patches';
import { route, stage } from '../model-fixtures';

describe('renderStageSettingsPatches', () => {
  test('without a cache: nothing to patch; a stage without a canary removes a leftover one', () => {
    // WHEN
    const patches = renderStageSettingsPatches(stage('prod'), [route('GET /pets')]);
    // THEN
    expect(patches).toEqual({ apply: [], revert: [], removeCanary: true });
  });

  test('with a cache: invalidation authorization on every method setting, reverted to API Gateway defaults', () => {
    // GIVEN
    const record = stage('prod', {
      cache: { size: CacheSize.GB_0_5, unauthorizedInvalidation: UnauthorizedCacheControl.SUCCEED_WITHOUT_RESPONSE_HEADER },
      routeThrottles: new Map([['GET /pets', { rateLimit: 1 }]]),
      canaryVariables: {},
    });
    // WHEN
    const patches = renderStageSettingsPatches(record, [route('GET /pets')]);
    // THEN
    expect(patches.removeCanary).toBe(false);
    expect(patches.apply).toEqual([
      { op: 'replace', path: '/*/*/caching/requireAuthorizationForCacheControl', value: 'true' },
      { op: 'replace', path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy', value: 'SUCCEED_WITHOUT_RESPONSE_HEADER' },
      { op: 'replace', path: '/~1pets/GET/caching/requireAuthorizationForCacheControl', value: 'true' },
      { op: 'replace', path: '/~1pets/GET/caching/unauthorizedCacheControlHeaderStrategy', value: 'SUCCEED_WITHOUT_RESPONSE_HEADER' },
    ]);
    expect(patches.revert[1]).toEqual({ op: 'replace', path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy', value: 'SUCCEED_WITH_RESPONSE_HEADER' });
  });
});
