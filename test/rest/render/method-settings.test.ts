import { Duration } from 'aws-cdk-lib';
import { CacheSize } from '../../../lib';
import { encodeResourcePath, renderMethodSettings } from '../../../lib/rest/render/method-settings';
import { route, stage } from '../model-fixtures';

describe('renderMethodSettings', () => {
  test('one stage-wide setting without cache, with the default throttle, when no route differs', () => {
    // WHEN
    const settings = renderMethodSettings(stage('prod'), [route('GET /pets')]);
    // THEN
    expect(settings).toEqual([{
      resourcePath: '/*',
      httpMethod: '*',
      loggingLevel: 'ERROR',
      dataTraceEnabled: false,
      metricsEnabled: true,
      cachingEnabled: false,
      throttlingRateLimit: 1000,
      throttlingBurstLimit: 500,
    }]);
  });

  test('a route throttle of the stage or the route adds a setting that repeats every field', () => {
    // GIVEN
    const record = stage('prod', {
      routeThrottles: new Map([['POST /pets', { rateLimit: 5, burstLimit: 10 }]]),
      cache: { size: CacheSize.GB_0_5, ttl: Duration.minutes(1) },
    });
    // WHEN
    const settings = renderMethodSettings(record, [
      route('POST /pets'),
      route('GET /pets/{id}', { options: { throttle: { rateLimit: 1, burstLimit: 2 } } }),
      route('GET /toys'),
    ]);
    // THEN
    expect(settings.map(setting => [setting.resourcePath, setting.httpMethod, setting.throttlingRateLimit, setting.cachingEnabled])).toEqual([
      ['/*', '*', 1000, true],
      ['/~1pets', 'POST', 5, false],
      ['/~1pets~1{id}', 'GET', 1, true],
    ]);
    expect(settings[1]).toMatchObject({ cacheTtlInSeconds: 60, cacheDataEncrypted: true });
  });

  test('encodes resource paths as JSON pointers', () => {
    expect(encodeResourcePath('/a~b/{c}')).toBe('/~1a~0b~1{c}');
  });
});
