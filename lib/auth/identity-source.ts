import { IConstruct } from 'constructs';
import type { RestCallerParameter } from './rest-authorization';
import { GatewayValidationError } from '../core/errors';
import { checkPattern, HEADER_NAME, HEADER_NAME_RULE, STAGE_VARIABLE_NAME, STAGE_VARIABLE_NAME_RULE } from '../core/rules';
import { RestParameterLocation } from '../integrations/integration';

/**
 * Where a Lambda request authorizer reads the caller's identity from. API
 * Gateway also uses the sources as the key of the authorizer's results cache,
 * and answers 401 without calling the authorizer when one is missing.
 */
export class IdentitySource {
  /** A request header, e.g. `IdentitySource.header('Authorization')`. */
  public static header(name: string): IdentitySource {
    return new IdentitySource('header', name, `method.request.header.${name}`);
  }

  /** A query-string parameter, e.g. `IdentitySource.queryString('token')`. */
  public static queryString(name: string): IdentitySource {
    return new IdentitySource('query string', name, `method.request.querystring.${name}`);
  }

  /** A stage variable of the stage that serves the request. */
  public static stageVariable(name: string): IdentitySource {
    return new IdentitySource('stage variable', name, `stageVariables.${name}`);
  }

  /** A `$context` variable, e.g. `IdentitySource.context('identity.sourceIp')`. */
  public static context(name: string): IdentitySource {
    return new IdentitySource('context variable', name, `context.${name}`);
  }

  /** The expression as API Gateway writes it, e.g. `method.request.header.Authorization`. */
  public readonly expression: string;

  private constructor(private readonly kind: string, private readonly name: string, expression: string) {
    this.expression = expression;
  }

  /**
   * The request parameter this source reads, when it is one (a header or a
   * query string), which can then key a response cache; none for stage and context variables.
   * @internal
   */
  public _callerParameter(): RestCallerParameter | undefined {
    switch (this.kind) {
      case 'header':
        return { location: RestParameterLocation.HEADER, name: this.name };
      case 'query string':
        return { location: RestParameterLocation.QUERY_STRING, name: this.name };
      default:
        return undefined;
    }
  }

  /**
   * Checks the name against what API Gateway accepts for this kind of source.
   * @internal
   */
  public _validate(scope: IConstruct): void {
    const what = `identity source ${this.kind}`;
    switch (this.kind) {
      case 'header':
        checkPattern(scope, `${what} name`, this.name, HEADER_NAME, HEADER_NAME_RULE);
        break;
      case 'stage variable':
        checkPattern(scope, `${what} name`, this.name, STAGE_VARIABLE_NAME, STAGE_VARIABLE_NAME_RULE);
        break;
      default:
        // Query-string and context names are separated by commas in the authorizer's identitySource.
        if (!/^[A-Za-z0-9._~$-]{1,128}$/.test(this.name)) {
          throw new GatewayValidationError(scope, 'IdentitySourceInvalid', `${what} name ${JSON.stringify(this.name)} is invalid: use 1 to 128 characters of A-Z, a-z, 0-9 and ._~$-.`);
        }
    }
  }
}
