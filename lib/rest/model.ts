import { Annotations, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { GatewayValidationError } from '../core/errors';
import { describeValue, whenKnown } from '../core/rules';

const MODEL_NAME = /^[A-Za-z0-9]{1,128}$/;
const SCHEMA_REF = /^#\/components\/schemas\/([A-Za-z0-9]{1,128})$/;
const DRAFT_4 = /^https?:\/\/json-schema\.org\/draft-04\/schema#?$/;

/** Keywords whose value is one schema, a map of schemas, or a list of schemas. */
const SCHEMA_VALUED = new Set(['items', 'not', 'additionalProperties']);
const SCHEMA_MAPS = new Set(['properties']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
/** The JSON Schema draft 4 keywords an OpenAPI 3.0 schema object may hold (API Gateway imports models from them). */
const SCALAR_KEYWORDS = new Set([
  'type', 'title', 'description', 'format', 'enum', 'required', 'multipleOf', 'maximum', 'exclusiveMaximum',
  'minimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxProperties', 'minProperties',
]);
/**
 * Keywords OpenAPI 3.0 allows that API Gateway's models do not support ("Amazon API Gateway important
 * notes for REST APIs"), or drop on import (`nullable`, `writeOnly`). Imported documents lose them with a
 * warning; a schema written for the library must not use them.
 */
const UNSUPPORTED_KEYWORDS = new Set(['default', 'example', 'exclusiveMinimum', 'readOnly', 'writeOnly', 'deprecated', 'discriminator', 'nullable']);
const UNSUPPORTED_FORMATS = new Set(['int32', 'int64', 'decimal']);
const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean']);
/**
 * How deep schemas may nest (a property's schema is one level below its object's). The limit keeps the
 * rendered document within what CloudFormation resolves (about 200 levels of JSON) and far from stack overflows.
 */
export const MAX_SCHEMA_DEPTH = 64;
/** How deep a value copied as it is into a schema (an enum value, an `x-` extension) may nest. */
const MAX_VALUE_DEPTH = 16;

/** Rule codes of `checkDataTree`. @internal */
export interface DataTreeCodes {
  readonly tooDeep: string;
  readonly cycle: string;
}

/**
 * Checks that `value` is a tree of plain data at most `maxDepth` levels deep that contains no cycle (an object
 * inside itself), without recursion, so that neither can overflow the stack later. `fix` ends the messages.
 * @internal
 */
export function checkDataTree(scope: IConstruct, what: string, value: unknown, maxDepth: number, codes: DataTreeCodes, fix: string): void {
  // Iterative depth-first walk; an exit marker takes a node off the current path once its children are done.
  const onPath = new Set<object>();
  const checkedAt = new Map<object, number>();
  const stack: Array<{ node: unknown; depth: number; path: string; exit?: boolean }> = [{ node: value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { node, depth, path, exit } = stack.pop()!;
    if (typeof node !== 'object' || node === null) {
      continue;
    }
    if (exit) {
      onPath.delete(node);
      checkedAt.set(node, Math.min(depth, checkedAt.get(node) ?? depth));
      continue;
    }
    if (onPath.has(node)) {
      throw new GatewayValidationError(scope, codes.cycle, `${what} at ${path || '/'} contains itself (a cycle, e.g. from a YAML alias or a JavaScript object that refers to itself), which cannot be rendered as JSON; ${fix}`);
    }
    const seenAt = checkedAt.get(node);
    if (seenAt !== undefined && seenAt <= depth) {
      // Shared (not cyclic), and already checked at this depth or deeper.
      continue;
    }
    if (depth >= maxDepth) {
      throw new GatewayValidationError(scope, codes.tooDeep, `${what} nests more than ${maxDepth} levels deep (at ${path}); ${fix}`);
    }
    onPath.add(node);
    stack.push({ node, depth, path, exit: true });
    for (const [key, child] of Object.entries(node)) {
      if (typeof child === 'object' && child !== null) {
        stack.push({ node: child, depth: depth + 1, path: `${path}/${key}` });
      }
    }
  }
}

const isNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isString = (value: unknown): boolean => typeof value === 'string';
/**
 * The type (and range) of each scalar keyword, as draft 4's meta-schema has them:
 * API Gateway rejects a model, or the whole body, whose keywords break it.
 */
const KEYWORD_RULES: Record<string, { readonly valid: (value: unknown) => boolean; readonly expected: string }> = {
  title: { valid: isString, expected: 'a string' },
  description: { valid: isString, expected: 'a string' },
  format: { valid: isString, expected: 'a string' },
  pattern: { valid: isString, expected: 'a string (a regular expression)' },
  enum: { valid: Array.isArray, expected: 'a list of values' },
  required: {
    valid: value => Array.isArray(value) && value.every(item => typeof item === 'string'),
    expected: 'a list of property names (strings)',
  },
  multipleOf: { valid: value => isNumber(value) && (value as number) > 0, expected: 'a number greater than 0' },
  maximum: { valid: isNumber, expected: 'a number' },
  minimum: { valid: isNumber, expected: 'a number' },
  exclusiveMaximum: { valid: value => typeof value === 'boolean', expected: 'true or false (draft 4 makes maximum exclusive with it)' },
  maxLength: { valid: isCount, expected: 'a whole number, 0 or more' },
  minLength: { valid: isCount, expected: 'a whole number, 0 or more' },
  maxItems: { valid: isCount, expected: 'a whole number, 0 or more' },
  minItems: { valid: isCount, expected: 'a whole number, 0 or more' },
  maxProperties: { valid: isCount, expected: 'a whole number, 0 or more' },
  minProperties: { valid: isCount, expected: 'a whole number, 0 or more' },
  uniqueItems: { valid: value => typeof value === 'boolean', expected: 'true or false' },
};

/**
 * A JSON Schema (draft 4) model of a request or response body. API Gateway
 * validates request bodies against their route's model, and SDK generators
 * turn models into types.
 *
 * Models are rendered into the OpenAPI document's `components.schemas`;
 * one model may refer to another through `ref: other.ref`.
 */
export class Model {
  /**
   * A model from a JSON Schema, e.g. `Model.fromSchema('Pet', { type: JsonSchemaType.OBJECT, required: ['name'], properties: {...} })`.
   * @param name the model's name: 1 to 128 letters and digits, unique within the API
   */
  public static fromSchema(name: string, schema: apigw.JsonSchema): Model {
    return new Model(name, schema, false);
  }

  /**
   * A model whose schema is already an OpenAPI schema object (from an imported document).
   * @internal
   */
  public static _fromOpenApi(name: string, schema: Record<string, unknown>): Model {
    return new Model(name, schema, true);
  }

  /** The model's name. */
  public readonly name: string;

  private constructor(name: string, private readonly schema: object, private readonly openApiForm: boolean) {
    this.name = name;
  }

  /** The JSON reference to this model, for `ref` in another model's schema. */
  public get ref(): string {
    return `#/components/schemas/${this.name}`;
  }

  /**
   * Validates the model and renders its OpenAPI schema object; `refs` collects the models it refers to.
   * @internal
   */
  public _render(scope: IConstruct, refs: Set<string>): Record<string, unknown> {
    if (!MODEL_NAME.test(this.name)) {
      throw new GatewayValidationError(scope, 'ModelNameInvalid', `model name ${JSON.stringify(this.name)} is invalid: API Gateway model names are 1 to 128 letters and digits.`);
    }
    const dropped = new Set<string>();
    const context: SchemaContext = { scope, where: `model ${this.name}`, refs, openApiForm: this.openApiForm, dropped, ancestors: new Set() };
    const rendered = renderSchema(context, this.schema, '', 1) as Record<string, unknown>;
    if (dropped.size > 0) {
      Annotations.of(scope).addWarningV2('cdk-apigateway-patterns:modelKeywordDropped', `model ${this.name} of the OpenAPI document uses ${[...dropped].join(', ')}, which API Gateway models do not support; they are left out of the deployed model.`);
    }
    return rendered;
  }
}

/**
 * Turns a CDK `JsonSchema` (`schema`, `ref`) or an OpenAPI schema object
 * (`$ref`) into an OpenAPI 3.0 schema object, rejecting what OpenAPI 3.0 or
 * API Gateway's draft 4 models cannot hold.
 */
function renderSchema(context: SchemaContext, schema: unknown, at: string, depth: number): unknown {
  const { scope, where, refs, openApiForm, dropped, ancestors } = context;
  const fail = (why: string, code = 'ModelSchemaInvalid'): never => {
    throw new GatewayValidationError(scope, code, `${where}${at ? ` at ${at}` : ''}: ${why}`);
  };
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return fail('a schema must be an object.');
  }
  if (ancestors.has(schema)) {
    fail('the schema contains itself (the same JavaScript object is its own ancestor), which JSON cannot hold; to describe a recursive type, make it a model of its own and refer to it with ref (another model\'s `ref`, or its own).', 'SchemaCycle');
  }
  if (depth > MAX_SCHEMA_DEPTH) {
    fail(`schemas nest more than ${MAX_SCHEMA_DEPTH} levels deep; flatten the schema, or move nested parts into models of their own and refer to them with ref.`, 'SchemaTooDeep');
  }
  ancestors.add(schema);
  const rendered: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (value === undefined) {
      continue;
    }
    const path = `${at}/${keyword}`;
    if (!SCHEMA_VALUED.has(keyword) && !SCHEMA_MAPS.has(keyword) && !SCHEMA_LISTS.has(keyword)) {
      // Kept as it is (an enum's values, an extension): any JSON, so it is checked as data before anything reads it.
      checkDataTree(scope, `${where} at ${path}`, value, MAX_VALUE_DEPTH, VALUE_CODES, 'simplify the value.');
    }
    const unsupportedFormat = keyword === 'format' && UNSUPPORTED_FORMATS.has(value as string);
    if (UNSUPPORTED_KEYWORDS.has(keyword) || unsupportedFormat) {
      const what = unsupportedFormat ? `format ${value}` : keyword;
      if (openApiForm) {
        dropped.add(what);
        continue;
      }
      fail(`${what} is not supported by API Gateway models (JSON Schema draft 4 as API Gateway reads it); remove it.`);
    }
    if ((keyword === 'required' || keyword === 'enum') && Array.isArray(value)) {
      if (value.length === 0) {
        fail(`${keyword} is empty, which draft 4 forbids and API Gateway rejects; remove it or list at least one value.`);
      }
      if (new Set(value.map(item => JSON.stringify(item))).size !== value.length) {
        fail(`${keyword} lists a value twice, which draft 4 forbids and API Gateway rejects; list each once.`);
      }
    }
    if (keyword === (openApiForm ? '$schema' : 'schema')) {
      if (typeof value !== 'string' || !DRAFT_4.test(value)) {
        fail(`the schema dialect ${JSON.stringify(value)} is not supported: API Gateway models are JSON Schema draft 4 (http://json-schema.org/draft-04/schema#).`);
      }
      continue;
    }
    if (keyword === (openApiForm ? '$ref' : 'ref')) {
      const match = typeof value === 'string' ? SCHEMA_REF.exec(value) : null;
      if (!match) {
        fail(`reference ${JSON.stringify(value)} is not supported: refer to another model of the API with its ref (#/components/schemas/<Name>).`);
      }
      refs.add(match![1]);
      rendered.$ref = value;
    } else if (SCHEMA_VALUED.has(keyword)) {
      if (keyword === 'additionalProperties' && typeof value === 'boolean') {
        rendered[keyword] = value;
      } else if (keyword === 'items' && Array.isArray(value)) {
        fail('tuple items (a list of schemas) are not supported by OpenAPI 3.0; use one schema for all items.');
      } else {
        rendered[keyword] = renderSchema(context, value, path, depth + 1);
      }
    } else if (SCHEMA_MAPS.has(keyword)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        fail(`${keyword} must be an object of schemas by name, got ${describeValue(value)}.`);
      }
      rendered[keyword] = Object.fromEntries(Object.entries(value as Record<string, unknown>)
        .map(([name, property]) => [name, renderSchema(context, property, `${path}/${name}`, depth + 1)]));
    } else if (SCHEMA_LISTS.has(keyword)) {
      if (!Array.isArray(value) || value.length === 0) {
        fail(`${keyword} must be a non-empty list of schemas, got ${describeValue(value)}.`);
      }
      rendered[keyword] = (value as unknown[]).map((item, index) => renderSchema(context, item, `${path}/${index}`, depth + 1));
    } else if (keyword === 'type') {
      if (typeof value !== 'string' || !TYPES.has(value)) {
        fail(`type ${JSON.stringify(value)} is not supported: use one of ${[...TYPES].join(', ')} (OpenAPI 3.0 has no type lists, and API Gateway models no null type).`);
      }
      rendered.type = value;
    } else if (SCALAR_KEYWORDS.has(keyword) || (openApiForm && keyword.startsWith('x-'))) {
      const rule = KEYWORD_RULES[keyword];
      if (rule) {
        // Tokens follow the rule of lib/validation.ts: checked once they resolve, at synth.
        whenKnown(scope, value, known => {
          if (!rule.valid(known)) {
            fail(`${keyword} must be ${rule.expected} (JSON Schema draft 4), got ${describeValue(known)}.`);
          }
        });
      }
      if (keyword === 'pattern' && typeof value === 'string' && !Token.isUnresolved(value)) {
        try {
          new RegExp(value);
        } catch (error) {
          fail(`pattern ${JSON.stringify(value)} is not a valid regular expression (${(error as Error).message}).`);
        }
      }
      rendered[keyword] = value;
    } else {
      fail(`keyword ${JSON.stringify(openApiForm ? keyword : keyword)} is not supported in an OpenAPI 3.0 schema object, which API Gateway imports models from; express the rule with ${[...SCALAR_KEYWORDS].slice(0, 8).join(', ')}, properties, items, allOf, anyOf, oneOf or not.`);
    }
  }
  ancestors.delete(schema);
  return rendered;
}

const VALUE_CODES: DataTreeCodes = { tooDeep: 'SchemaTooDeep', cycle: 'SchemaCycle' };

/** What the rendering of one model carries down its schema. */
interface SchemaContext {
  readonly scope: IConstruct;
  /** The message's subject, e.g. `model Pet`. */
  readonly where: string;
  /** The models the schema refers to. */
  readonly refs: Set<string>;
  /** Whether the schema is an OpenAPI schema object (`$ref`) rather than a CDK `JsonSchema` (`ref`). */
  readonly openApiForm: boolean;
  /** Unsupported keywords an imported schema lost. */
  readonly dropped: Set<string>;
  /** The schema objects above the current one, to tell a cycle from a shared sub-schema. */
  readonly ancestors: Set<object>;
}
