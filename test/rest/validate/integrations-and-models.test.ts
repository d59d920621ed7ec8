import { Model } from '../../../lib';
import { modelAliasesEnd, modelReferencesKnown, stageVariablesSet } from '../../../lib/rest/validate/integrations-and-models';
import { newModel, route, ruleContext, SCOPE, stage } from '../model-fixtures';

describe('integration and model rules', () => {
  test('StageVariableMissing: every stage sets the variables integrations read', () => {
    // GIVEN
    const model = newModel();
    model.addRoute(route('GET /pets', { integration: { integration: {}, stageVariables: ['backend'] } }));
    model.addStage(stage('dev', { variables: { backend: 'a' } }));
    model.addStage(stage('prod'));
    // THEN
    expect(() => stageVariablesSet(ruleContext(model))).toThrow(/\[StageVariableMissing\] route GET \/pets reads stage variable backend, which stage prod does not set/);
  });

  test('ModelReferenceUnknown and ModelRefCycle', () => {
    // GIVEN
    const model = newModel();
    const add = (name: string, schema: Record<string, unknown>) =>
      model.addModel(model.entryFor(SCOPE, Model._fromOpenApi(name, schema), value => value));
    add('A', { $ref: '#/components/schemas/B' });
    // THEN
    expect(() => modelReferencesKnown(ruleContext(model))).toThrow(/\[ModelReferenceUnknown\] model A refers to model B/);
    add('B', { $ref: '#/components/schemas/A' });
    expect(() => modelReferencesKnown(ruleContext(model))).not.toThrow();
    expect(() => modelAliasesEnd(ruleContext(model))).toThrow(/\[ModelRefCycle\] model A -> B -> A/);
  });
});
