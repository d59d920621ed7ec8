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
 * An existing OpenAPI 3.0 document to build a `GatewayRestApi` from, in YAML
 * or JSON, from a file, a string or an object.
 */
export class OpenApiDefinition {
  /** A document in a YAML or JSON file, read at synth. */
  public static fromFile(path: string): OpenApiDefinition {
    return new OpenApiDefinition(path, undefined, undefined);
  }

  /** A document in a YAML or JSON string. */
  public static fromString(text: string): OpenApiDefinition {
    return new OpenApiDefinition(undefined, text, undefined);
  }

  /** A document already parsed into an object. */
  public static fromObject(document: { [key: string]: any }): OpenApiDefinition {
    return new OpenApiDefinition(undefined, undefined, document);
  }

  private constructor(
    private readonly path: string | undefined,
    private readonly text: string | undefined,
    private readonly object: Record<string, any> | undefined,
  ) {}

  /**
   * The parsed document, checked to be OpenAPI 3.0.
   * @internal
   */
  public _load(scope: IConstruct): Record<string, any> {
    const source = this.path !== undefined ? `OpenAPI file ${this.path}` : 'the OpenAPI document';
    let document: unknown = this.object;
    if (document === undefined) {
      let text = this.text;
      if (this.path !== undefined) {
        if (!fs.existsSync(this.path)) {
          throw new GatewayValidationError(scope, 'OpenApiFileMissing', `${source} does not exist; paths are relative to the directory cdk runs in (${process.cwd()}).`);
        }
        text = fs.readFileSync(this.path, 'utf8');
      }
      try {
        // YAML 1.2 is a superset of JSON, so one parser reads both.
        document = parse(text!);
      } catch (error) {
        throw new GatewayValidationError(scope, 'OpenApiParseError', `${source} is neither valid YAML nor JSON: ${(error as Error).message}`);
      }
    }
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
}
