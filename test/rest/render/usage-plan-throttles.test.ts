import { renderUsagePlanThrottles } from '../../../lib/rest/render/usage-plan-throttles';
import { route } from '../model-fixtures';

describe('renderUsagePlanThrottles', () => {
  test('keys each throttle by resource path and method, in the order of the routes', () => {
    // GIVEN
    const plan = { routeThrottles: new Map([['GET /pets/{id}', { rateLimit: 1, burstLimit: 2 }], ['POST /pets', { rateLimit: 3 }]]) };
    // WHEN
    const throttles = renderUsagePlanThrottles(plan, [route('POST /pets'), route('GET /pets/{id}'), route('GET /toys')]);
    // THEN
    expect(throttles).toEqual({ '/pets/POST': { rateLimit: 3, burstLimit: undefined }, '/pets/{id}/GET': { rateLimit: 1, burstLimit: 2 } });
    expect(Object.keys(throttles!)).toEqual(['/pets/POST', '/pets/{id}/GET']);
  });

  test('undefined without route throttles', () => {
    expect(renderUsagePlanThrottles({ routeThrottles: new Map() }, [route('GET /pets')])).toBeUndefined();
  });
});
