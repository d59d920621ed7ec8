import { RuleContext } from './rule';
import { GatewayValidationError } from '../../core/errors';

/** Stage variables integrations read must be set by every stage. */
export function stageVariablesSet({ model, scope }: RuleContext): void {
  for (const route of model.routes.all) {
    for (const variable of route.integration.stageVariables ?? []) {
      const missing = model.stages.find(stage => stage.variables[variable] === undefined);
      if (missing) {
        throw new GatewayValidationError(scope, 'StageVariableMissing', `route ${route.parsed.key} reads stage variable ${variable}, which stage ${missing.name} does not set; add it to the stage's variables.`);
      }
    }
  }
}

/** Model references must name models of the API. */
export function modelReferencesKnown({ model, scope }: RuleContext): void {
  for (const entry of model.models.values()) {
    for (const ref of entry.refs) {
      if (!model.models.has(ref)) {
        throw new GatewayValidationError(scope, 'ModelReferenceUnknown', `model ${entry.model.name} refers to model ${ref}, which the API does not have; add it with api.addModel().`);
      }
    }
  }
}

/**
 * A model that is only a reference (an alias) must end at a model with a schema of its own. Models that refer to
 * themselves inside properties or items (recursive types) are fine.
 */
export function modelAliasesEnd({ model, scope }: RuleContext): void {
  for (const name of model.models.keys()) {
    const chain = [name];
    let target = aliasOf(model.models.get(name)!.schema);
    while (target !== undefined && model.models.has(target)) {
      if (chain.includes(target)) {
        throw new GatewayValidationError(scope, 'ModelRefCycle', `model ${[...chain, target].join(' -> ')} is a cycle of references that never reaches a schema; give one of them a schema (type, properties, ...) instead of only a ref.`);
      }
      chain.push(target);
      target = aliasOf(model.models.get(target)!.schema);
    }
  }
}

/** The model a schema is only a reference to (`$ref` at its top), if it is one. */
function aliasOf(schema: Record<string, unknown>): string | undefined {
  const ref = schema.$ref;
  return typeof ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1] : undefined;
}
