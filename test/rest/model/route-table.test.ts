import { parseRouteKey } from '../../../lib/core/route-key';
import { RouteTable } from '../../../lib/rest/model/route-table';
import { route, SCOPE } from '../model-fixtures';

const CORS = { allowOrigins: ['https://app.example.com'] };

describe('RouteTable', () => {
  test('keeps routes in order, by key and by path', () => {
    // GIVEN
    const table = new RouteTable();
    // WHEN
    table.add(route('GET /pets'));
    table.add(route('POST /pets', { cors: CORS }));
    table.add(route('GET /pets/{id}', { cors: CORS }));
    // THEN
    expect(table.all.map(r => r.parsed.key)).toEqual(['GET /pets', 'POST /pets', 'GET /pets/{id}']);
    expect(table.size).toBe(3);
    expect(table.get('POST /pets')?.parsed.method).toBe('POST');
    expect(table.get('DELETE /pets')).toBeUndefined();
    expect(table.onPath('/pets').map(r => r.parsed.method)).toEqual(['GET', 'POST']);
    expect(table.preflightPaths()).toEqual(['/pets', '/pets/{id}']);
  });

  test('refuses a route added twice', () => {
    // GIVEN
    const table = new RouteTable();
    table.add(route('GET /pets'));
    // THEN
    expect(() => table.checkNotDuplicate(SCOPE, parseRouteKey(SCOPE, 'get /pets'))).toThrow(/\[RouteDuplicate\] route GET \/pets is added twice/);
    expect(() => table.checkNotDuplicate(SCOPE, parseRouteKey(SCOPE, 'POST /pets'))).not.toThrow();
  });

  test('refuses two parameter names at one level, across routes', () => {
    // GIVEN
    const table = new RouteTable();
    table.add(route('GET /pets/{id}'));
    // THEN
    expect(() => table.checkSiblingParameters(SCOPE, parseRouteKey(SCOPE, 'GET /pets/{petId}/toys').segments))
      .toThrow(/\[PathParameterSiblingConflict\] path \/pets\/\{petId\}\/toys puts \{petId\} beside \{id\} under \/pets/);
    expect(() => table.checkSiblingParameters(SCOPE, parseRouteKey(SCOPE, 'GET /pets/{id}/toys').segments)).not.toThrow();
  });

  test('refuses an operationId used twice', () => {
    // GIVEN
    const table = new RouteTable();
    table.add(route('GET /pets', { options: { operationId: 'listPets' } }));
    // THEN
    expect(() => table.checkOperationIdUnused(SCOPE, parseRouteKey(SCOPE, 'GET /dogs'), 'listPets')).toThrow(/\[OperationIdDuplicate\]/);
    expect(() => table.checkOperationIdUnused(SCOPE, parseRouteKey(SCOPE, 'GET /dogs'), 'listDogs')).not.toThrow();
  });

  test('routes on one path must agree on CORS, and CORS excludes an OPTIONS route', () => {
    // GIVEN
    const table = new RouteTable();
    table.add(route('GET /pets', { cors: CORS }));
    // THEN
    expect(() => table.checkCorsAgrees(SCOPE, parseRouteKey(SCOPE, 'POST /pets'), undefined)).toThrow(/\[CorsConflictOnPath\]/);
    expect(() => table.checkCorsAgrees(SCOPE, parseRouteKey(SCOPE, 'POST /pets'), { ...CORS })).not.toThrow();
    expect(() => table.checkCorsAgrees(SCOPE, parseRouteKey(SCOPE, 'OPTIONS /pets'), CORS)).toThrow(/\[CorsWithOptionsRoute\] path \/pets has an OPTIONS route/);
    expect(() => table.checkCorsAgrees(SCOPE, parseRouteKey(SCOPE, 'OPTIONS /dogs'), CORS)).toThrow(/\[CorsWithOptionsRoute\] route OPTIONS \/dogs/);
  });
});
