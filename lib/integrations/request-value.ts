import { IConstruct } from 'constructs';
import type { RestRouteInfo } from './integration';
import { MethodParameter } from './transform';
import { GatewayValidationError } from '../core/errors';
import { checkTokensSafe, formFieldInTemplate, jsonStringInTemplate } from '../core/private/vtl';

/** How a value is written into a request template. */
export type ValueEncoding = 'json' | 'form';

/**
 * A value taken from the caller's request, for the request templates the
 * AWS service integrations build (a DynamoDB key, an SQS message group).
 * Values are strings, and a missing one is empty. A parameter a value reads
 * becomes a required parameter of the route, which API Gateway checks before
 * calling the backend when the route validates parameters (the default).
 */
export class RequestValue {
  /** A path parameter of the route. */
  public static path(name: string): RequestValue {
    return new RequestValue([`$input.params().path.get('${name}')`], { location: 'path', name, required: true });
  }

  /** A query-string parameter (required). */
  public static queryString(name: string): RequestValue {
    return new RequestValue([`$input.params().querystring.get('${name}')`], { location: 'querystring', name, required: true });
  }

  /**
   * A request header (required). Templates see header names as sent, so the
   * value is looked up as declared and in lower case (as HTTP/2 clients send it).
   */
  public static header(name: string): RequestValue {
    const lower = name.toLowerCase();
    const lookups = lower === name ? [name] : [name, lower];
    return new RequestValue(lookups.map(each => `$input.params().header.get('${each}')`), { location: 'header', name, required: true });
  }

  /** A string in the JSON request body, by JSONPath, e.g. `$.name`. */
  public static body(jsonPath: string): RequestValue {
    return new RequestValue([`$input.path('${jsonPath}')`], undefined, jsonPath);
  }

  /** The request id API Gateway assigns, unique per request. */
  public static requestId(): RequestValue {
    return new RequestValue(['$context.requestId']);
  }

  /** A fixed string. */
  public static text(value: string): RequestValue {
    return new RequestValue(undefined, undefined, undefined, value);
  }

  private constructor(
    /** VTL references whose values, concatenated, are the value (a header under two spellings). */
    private readonly references: string[] | undefined,
    private readonly parameter?: MethodParameter,
    private readonly jsonPath?: string,
    private readonly literal?: string,
  ) {}

  /**
   * The fixed text of a `RequestValue.text()`, for a caller's own length rules; undefined for values read from the request.
   * @internal
   */
  public _literal(): string | undefined {
    return this.literal;
  }

  /**
   * Checks the value against the route and renders it for a template: inside
   * a JSON string (escaped) or as a form field (URL-encoded). A route
   * parameter it reads is added to `parameters`, for the route to require.
   * @internal
   */
  public _render(scope: IConstruct, route: RestRouteInfo, what: string, encoding: ValueEncoding, parameters: MethodParameter[]): string {
    const where = `route ${route.key}: ${what}`;
    if (this.literal !== undefined) {
      // Any text is written escaped (so that $, # and quotes stay text); a deploy-time value must be known to need no escaping.
      checkTokensSafe(scope, where, this.literal, 'pass the text as a literal string.');
      return encoding === 'json' ? jsonStringInTemplate(this.literal) : formFieldInTemplate(this.literal);
    }
    const name = this.parameter?.name ?? this.jsonPath ?? '';
    if (this.parameter) {
      // What path, query-string and header names share, without the $ a template would read as code.
      if (!/^[A-Za-z0-9._-]{1,128}$/.test(name)) {
        throw new GatewayValidationError(scope, 'RequestValueNameInvalid', `${where} reads ${this.parameter.location} parameter ${JSON.stringify(name)}, an invalid name: use 1 to 128 characters of A-Z, a-z, 0-9, ".", "_" and "-".`);
      }
      if (this.parameter.location === 'path' && !route.pathParameters.includes(name)) {
        throw new GatewayValidationError(scope, 'RequestValuePathUnknown', `${where} reads path parameter ${JSON.stringify(name)}, which the path does not have; the path's parameters are: ${route.pathParameters.join(', ') || '(none)'}.`);
      }
      parameters.push(this.parameter);
    }
    if (this.jsonPath !== undefined && !/^\$(\.[A-Za-z0-9_]+|\[\d+\])*$/.test(this.jsonPath)) {
      throw new GatewayValidationError(scope, 'RequestValueJsonPathInvalid', `${where} reads the body at ${JSON.stringify(this.jsonPath)}, which is not a simple JSONPath; use $.field, $.parent.child or $.list[0].`);
    }
    // Interpolated into a string first, so that a missing value is "" and a number is its digits:
    // Velocity prints a method call it cannot make (on null, or a number) as its own source text.
    const value = `"${this.references!.map(reference => `$!${reference.slice(1)}`).join('')}"`;
    // escapeJavaScript also escapes ' as \', which is not valid JSON, so that one is undone.
    return encoding === 'json' ? `$util.escapeJavaScript(${value}).replaceAll("\\\\'", "'")` : `$util.urlEncode(${value})`;
  }
}
