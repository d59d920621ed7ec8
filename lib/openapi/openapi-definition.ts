import * as fs from 'fs';
import { IConstruct } from 'constructs';
import { parse } from 'yaml';
import { GatewayValidationError } from '../core/errors';
import { checkDataTree } from '../rest/model';

/**
 * How deep an imported document may nest (JSON levels). CloudFormation resolves templates at most about
 * 200 levels deep, and the document sits inside the template's RestApi resource.
 */
const MAX_DOCUMENT_DEPTH = 160;

/**
 * An existing OpenAPI 3.0 document to build a `GatewayRestApi` from.
 * Implement it to load a document from somewhere the library does not read
 * (a generator, another package); `OpenApiDefinition.*` returns the library's own.
 */
export interface IOpenApiDefinition {
  /**
   * Called once, before the API is created: returns the document. The API
   * then checks it (an object, OpenAPI 3.0.x, with paths, not too deep).
   */
  bind(options: OpenApiDefinitionBindOptions): OpenApiDefinitionConfig;
}

/** What `GatewayRestApi.fromOpenApi` tells a definition. */
export interface OpenApiDefinitionBindOptions {
  /** The scope the API is created in: errors name it. */
  readonly scope: IConstruct;
}

/** The document of a definition. */
export interface OpenApiDefinitionConfig {
  /** The OpenAPI 3.0 document, parsed into an object. */
  readonly document: { [key: string]: any };

  /**
   * How error messages name the document, e.g. `OpenAPI file api.yaml`.
   * @default "the OpenAPI document"
   */
  readonly source?: string;
}

/**
 * OpenAPI 3.0 documents to build a `GatewayRestApi` from, in YAML or JSON,
 * from a file, a string or an object.
 */
export class OpenApiDefinition {
  /** A document in a YAML or JSON file, read at synth. */
  public static fromFile(path: string): IOpenApiDefinition {
    return new BuiltInDefinition(path, undefined, undefined);
  }

  /** A document in a YAML or JSON string. */
  public static fromString(text: string): IOpenApiDefinition {
    return new BuiltInDefinition(undefined, text, undefined);
  }

  /** A document already parsed into an object. */
  public static fromObject(document: { [key: string]: any }): IOpenApiDefinition {
    return new BuiltInDefinition(undefined, undefined, document);
  }

  private constructor() {}
}

/** A document of a file, a string or an object, parsed at bind. */
class BuiltInDefinition implements IOpenApiDefinition {
  constructor(
    private readonly path: string | undefined,
    private readonly text: string | undefined,
    private readonly object: Record<string, any> | undefined,
  ) {}

  public bind(options: OpenApiDefinitionBindOptions): OpenApiDefinitionConfig {
    const scope = options.scope;
    const source = this.path !== undefined ? `OpenAPI file ${this.path}` : undefined;
    if (this.object !== undefined) {
      return { document: this.object, source };
    }
    let text = this.text;
    if (this.path !== undefined) {
      if (!fs.existsSync(this.path)) {
        throw new GatewayValidationError(scope, 'OpenApiFileMissing', `${source} does not exist; paths are relative to the directory cdk runs in (${process.cwd()}).`);
      }
      text = fs.readFileSync(this.path, 'utf8');
    }
    try {
      // YAML 1.2 is a superset of JSON, so one parser reads both.
      return { document: parse(text!), source };
    } catch (error) {
      throw new GatewayValidationError(scope, 'OpenApiParseError', `${source ?? DEFAULT_SOURCE} is neither valid YAML nor JSON: ${(error as Error).message}`);
    }
  }
}

const DEFAULT_SOURCE = 'the OpenAPI document';

/**
 * The definition's document, checked to be OpenAPI 3.0: every definition,
 * the library's or a user's, passes the same checks.
 * @internal
 */
export function loadOpenApiDefinition(scope: IConstruct, definition: IOpenApiDefinition): Record<string, any> {
  const config = definition.bind({ scope });
  const source = config.source ?? DEFAULT_SOURCE;
  const document: unknown = config.document;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new GatewayValidationError(scope, 'OpenApiNotADocument', `${source} is not an OpenAPI document (an object with openapi, info and paths).`);
  }
  checkDataTree(scope, source, document, MAX_DOCUMENT_DEPTH, { tooDeep: 'OpenApiDocumentTooDeep', cycle: 'OpenApiDocumentCycle' },
    'flatten the document: move nested schemas into components.schemas and refer to them with $ref.');
  const version = (document as Record<string, unknown>).openapi;
  if (typeof version !== 'string' || !/^3\.0\.\d+$/.test(version)) {
    throw new GatewayValidationError(scope, 'OpenApiVersionUnsupported', `${source} has openapi: ${JSON.stringify(version)}; API Gateway imports OpenAPI 3.0.x (convert Swagger 2.0 or 3.1 documents first).`);
  }
  const paths = (document as Record<string, unknown>).paths;
  if (typeof paths !== 'object' || paths === null) {
    throw new GatewayValidationError(scope, 'OpenApiWithoutPaths', `${source} has no paths.`);
  }
  return document as Record<string, any>;
}
