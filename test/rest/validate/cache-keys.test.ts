import { CacheSize } from '../../../lib';
import { cachedRoutesKeyCallers } from '../../../lib/rest/validate/cache-keys';
import { IAM, newModel, route, ruleContext, stage } from '../model-fixtures';

describe('cachedRoutesKeyCallers', () => {
  test('CacheWithoutCallerKey only when some stage has a cache, naming it', () => {
    // GIVEN
    const model = newModel();
    model.addRoute(route('GET /me', { authorization: IAM, caller: { parameters: [], unkeyable: 'it is authorized by IAM' } }));
    model.addStage(stage('dev'));
    // THEN
    expect(() => cachedRoutesKeyCallers(ruleContext(model))).not.toThrow();
    model.addStage(stage('prod', { cache: { size: CacheSize.GB_0_5 } }));
    expect(() => cachedRoutesKeyCallers(ruleContext(model))).toThrow(/\[CacheWithoutCallerKey\] route GET \/me is cached in stage prod/);
  });
});
