import { RuleContext } from './rule';
import { checkCallerKeys } from '../cache-key';

/**
 * With a cached stage, every cacheable route must be keyable per caller (or say its response is shared):
 * the first stage with a cache is named.
 */
export function cachedRoutesKeyCallers({ model, scope }: RuleContext): void {
  const cachedStage = model.stages.find(stage => stage.cache !== undefined);
  if (cachedStage) {
    checkCallerKeys(scope, cachedStage.name, model.routes.all);
  }
}
