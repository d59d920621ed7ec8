import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { AwsServiceIntegrationOptions } from './aws-service-options';
import { IRestIntegration, RestIntegrationBindOptions, RestIntegrationConfig, RestMethodParameter, RestRouteInfo } from './integration';
import { IntegrationResponse } from './integration-response';
import { checkIntegrationTimeout } from './timeout';
import { MethodParameter, renderIntegrationResponses, renderRequestTransform } from './transform';
import { GatewayValidationError } from '../core/errors';
import { acknowledgeRolePolicy, acknowledgeWildcardResource } from '../core/nag-acknowledgments';
import { shortHash } from '../core/private/names';

/** One call of an AWS service action, as an integration makes it. */
export interface AwsServiceCall {
  /** The service's endpoint prefix (`sqs`, `states`, `dynamodb`...). */
  readonly service: string;
  /** `action/<Action>` or `path/<path>`, after the service in the integration URI. */
  readonly uriPath: string;
  /** The action, for role names and messages. */
  readonly action: string;
  /** The IAM action and the resource it is allowed on. */
  readonly iamAction: string;
  readonly resourceArn: string;
  /** The construct the call targets (its path keeps role ids apart); undefined for an imported ARN. */
  readonly target: IConstruct;
  /** A customer-managed key that encrypts the target, which the role must be able to use. */
  readonly encryptionKey?: kms.IKey;
  /** What the role may do with `encryptionKey`. Default: kms:GenerateDataKey and kms:Decrypt (writing to an encrypted queue or topic). */
  readonly encryptionKeyActions?: string[];
  /** The HTTP method of the service call. Default: POST (the action APIs). */
  readonly httpMethod?: string;
  /** Request parameter mappings the call needs (a path override's parameters), given the route; it may throw for bad options. */
  readonly requestParameters?: (scope: IConstruct, route: RestRouteInfo) => Record<string, string>;
  /** Headers the service needs. */
  readonly headers?: Record<string, string>;
  /**
   * The request template for `application/json` requests, given the route; it may throw for bad options.
   * Undefined for a call that passes the body through as it is (an S3 object).
   */
  readonly template?: (scope: IConstruct, route: RestRouteInfo, parameters: MethodParameter[]) => string;
  /** The responses to use when the options give none. */
  readonly responses: IntegrationResponse[];
  /** Status codes the default response templates set through `$context.responseOverride`, which the method declares too. */
  readonly overrideStatusCodes?: string[];
  /** Whether bodies pass through as bytes (an S3 object): the API then needs binary media types. */
  readonly passesBinary?: boolean;
  /** Why `resourceArn` ends in a wildcard (the objects under a key prefix), for the role's nag acknowledgment. */
  readonly wildcardReason?: string;
}

/**
 * An `AWS` integration calling one action of one service with a role allowed
 * exactly that action on exactly that resource.
 * @internal
 */
export class AwsServiceIntegration implements IRestIntegration {
  constructor(private readonly call: AwsServiceCall, private readonly options: AwsServiceIntegrationOptions) {}

  public bind(context: RestIntegrationBindOptions): RestIntegrationConfig {
    const { scope, route } = context;
    const where = `route ${route.key}`;
    const timeoutMs = checkIntegrationTimeout(scope, where, this.options.timeout, context.endpointType);
    const passedThrough = (this.options.responses ?? this.call.responses).some(response => response.templates === undefined);
    if (this.call.passesBinary && passedThrough && context.corsOriginEcho !== undefined) {
      // The echo is VTL appended to every response template: a file's response would need one, which turns its bytes into text.
      throw new GatewayValidationError(scope, 'BinaryRouteCorsOriginEcho', `${where} passes files through as bytes, but its CORS allows several origins with credentials, which API Gateway can only answer through a response template that would turn the file into text; give this route CORS with one origin, e.g. cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true }.`);
    }
    const parameters: MethodParameter[] = [];
    const defaultTemplate = this.call.template?.(scope, route, parameters);
    const implicit: Record<string, string> = { ...this.call.requestParameters?.(scope, route) };
    for (const [name, value] of Object.entries(this.call.headers ?? {})) {
      implicit[`integration.request.header.${name}`] = `'${value}'`;
    }
    const request = renderRequestTransform(scope, route, this.options, implicit,
      defaultTemplate !== undefined ? { 'application/json': defaultTemplate } : undefined);
    const responses = renderIntegrationResponses(
      scope, route, this.options.responses ?? this.call.responses, context.corsResponseHeaders, context.corsOriginEcho);
    const role = this.role(scope);
    return {
      integration: {
        type: 'aws',
        httpMethod: this.call.httpMethod ?? 'POST',
        uri: `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}:${this.call.service}:${this.call.uriPath}`,
        credentials: role.roleArn,
        passthroughBehavior: request.passthroughBehavior,
        ...(request.contentHandling !== undefined ? { contentHandling: request.contentHandling } : {}),
        ...(request.requestParameters ? { requestParameters: request.requestParameters } : {}),
        ...(request.requestTemplates ? { requestTemplates: request.requestTemplates } : {}),
        responses: responses.responses,
        ...(timeoutMs !== undefined ? { timeoutInMillis: timeoutMs } : {}),
      },
      methodParameters: mergeParameters([...request.methodParameters, ...parameters]) as RestMethodParameter[],
      methodResponses: this.options.responses
        ? responses.methodResponses
        : [...responses.methodResponses, ...(this.call.overrideStatusCodes ?? [])
          .filter(statusCode => !responses.methodResponses.some(response => response.statusCode === statusCode))
          .map(statusCode => ({ statusCode, headers: [] }))],
      ...(this.call.passesBinary ? { passesBinary: true } : {}),
    };
  }

  /**
   * One role per API, action and target: every route calling the same action on the same target shares it,
   * and its statement lists every resource those routes call (a table and each of its indexes).
   */
  private role(scope: Construct): iam.IRole {
    const id = `${this.call.service}${this.call.action}Role${shortHash(this.call.target.node.path)}`.replace(/[^A-Za-z0-9]/g, '');
    const existing = scope.node.tryFindChild(id) as iam.Role | undefined;
    if (existing) {
      const shared = SHARED_STATEMENTS.get(existing);
      if (shared && !shared.resources.includes(this.call.resourceArn)) {
        shared.statement.addResources(this.call.resourceArn);
        shared.resources.push(this.call.resourceArn);
        this.acknowledgeWildcard(existing);
      }
      return existing;
    }
    const role = new iam.Role(scope, id, {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: `Lets API Gateway call ${this.call.service}:${this.call.action} on one resource for ${scope.node.path}`,
    });
    const statement = new iam.PolicyStatement({ actions: [this.call.iamAction], resources: [this.call.resourceArn] });
    SHARED_STATEMENTS.set(role, { statement, resources: [this.call.resourceArn] });
    role.addToPrincipalPolicy(statement);
    // Writing to an encrypted queue or topic needs the key, for exactly these two operations; other calls name their own.
    this.call.encryptionKey?.grant(role, ...(this.call.encryptionKeyActions ?? ['kms:GenerateDataKey', 'kms:Decrypt']));
    acknowledgeRolePolicy(role);
    this.acknowledgeWildcard(role);
    return role;
  }

  private acknowledgeWildcard(role: iam.Role): void {
    if (this.call.wildcardReason !== undefined) {
      acknowledgeWildcardResource(role.node.findChild('DefaultPolicy'), this.call.resourceArn, this.call.wildcardReason);
    }
  }
}

/** The statement of each integration role, and the resources it lists, for the routes that share the role later. */
const SHARED_STATEMENTS = new WeakMap<iam.Role, { statement: iam.PolicyStatement; resources: string[] }>();

function mergeParameters(parameters: MethodParameter[]): MethodParameter[] {
  const merged = new Map<string, MethodParameter>();
  for (const parameter of parameters) {
    const key = `${parameter.location}.${parameter.name}`;
    const existing = merged.get(key);
    merged.set(key, { ...parameter, required: parameter.required || (existing?.required ?? false) });
  }
  return [...merged.values()];
}
