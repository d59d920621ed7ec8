import * as fs from 'fs';
import * as nodePath from 'path';
import { Annotations, attachCustomSynthesis, IResolveContext, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { DeploymentLogicalId } from './deployment-logical-id';
import type { RestApiModel } from './model/rest-api-model';
import { withoutAwsExtensions } from './render/client-document';
import { deployedBody } from './render/deployed-body';
import { renderBody } from './render/openapi-body';
import { renderPolicy } from './render/resource-policy';
import { resolveTokenValues, tokenValues } from './render/token-values';
import { RuleContext } from './validate/rule';
import { Endpoint, EndpointType } from '../core/endpoint';
import type { ExecuteApiEndpointSetting } from '../core/execute-api-endpoint';

/**
 * What a REST API renders from its model, each once per state of the model
 * (`RestApiModel.memo`): the body, the resource policy, the body as the
 * template holds it, the deployment's logical id, and the two documents in
 * the cloud assembly. The rules of `validate/` read them through `ruleContext`.
 *
 * The body is the largest thing a synth resolves, so it is resolved once the
 * app is prepared (`settle()`, when the API's validation starts: cross-stack
 * references have their final form then) and that one resolution serves the
 * template, the documents and the rules. Before that, the template is given
 * the body with its tokens, so that aws-cdk-lib's prepare finds the references.
 */
export class RestApiOutputs {
  /** The RestApi's `EndpointConfiguration`, which the deployment snapshots too. */
  public readonly endpointConfiguration: apigw.CfnRestApi.EndpointConfigurationProperty;
  /** The file, in the cloud assembly directory, of the document for clients (without API Gateway's extensions). */
  public readonly openApiFile: string;
  /** The file, in the cloud assembly directory, of the document API Gateway imports. */
  public readonly awsOpenApiFile: string;
  private readonly deploymentId = new DeploymentLogicalId();
  /** Whether the app has been prepared, so that a resolution of the body is final (see the class comment). */
  private settled = false;
  /** Whether the body is kept in S3 (`BodyStorage`) rather than in the template. */
  private keptInS3 = false;
  private readonly deployedForms = new WeakMap<object, Record<string, unknown>>();
  /** The minified JSON of a deployed body, by its identity: the size rule and the S3 asset serialize it once between them. */
  private readonly minified = new WeakMap<object, string>();

  /**
   * @param scope the API: errors and warnings name it, tokens resolve in its stack, the documents are named after its path
   */
  constructor(
    private readonly scope: IConstruct, private readonly model: RestApiModel,
    endpoint: Endpoint, private readonly executeApiEndpoint: ExecuteApiEndpointSetting, ipAddressType?: apigw.IpAddressType,
  ) {
    const endpointConfiguration: apigw.CfnRestApi.EndpointConfigurationProperty = {
      types: [endpoint.type],
      vpcEndpointIds: endpoint.type === EndpointType.PRIVATE ? endpoint.vpcEndpoints.map(vpcEndpoint => vpcEndpoint.vpcEndpointId) : undefined,
      // Only as a property: API Gateway takes no IP address type from a definition (body).
      ipAddressType,
    };
    this.endpointConfiguration = endpointConfiguration;
    // Everything a deployment snapshots. The document's `info` (name, description) changes the API's metadata,
    // not what is deployed; API Gateway applies disableExecuteApiEndpoint to a REST API only with its next deployment.
    const stack = Stack.of(scope);
    this.deploymentId.add('body', () => {
      const { info: _info, ...deployed } = this.resolvedBody();
      return deployed;
    });
    // The IP address type takes effect without a deployment, so it is no part of the deployment's id.
    this.deploymentId.add('endpointConfiguration', () => stack.resolve({ ...endpointConfiguration, ipAddressType: undefined }));
    this.deploymentId.add('policy', () => stack.resolve(this.policy()));
    this.deploymentId.add('disableExecuteApiEndpoint', () => this.executeApiEndpoint.disabled || undefined);

    const fileStem = `${stack.artifactId}.${scope.node.path.slice(stack.node.path.length + 1).replace(/[^A-Za-z0-9-]/g, '-')}`;
    this.openApiFile = `${fileStem}.openapi.json`;
    this.awsOpenApiFile = `${fileStem}.openapi.aws.json`;
    attachCustomSynthesis(scope, { onSynthesize: session => this.writeOpenApiFiles(session.outdir) });
  }

  /** Acknowledges, on the RestApi, the nag rules that cannot see inside the body. */
  public acknowledgeBodyRules(resource: apigw.CfnRestApi): void {
    Validations.of(resource).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason: 'Request validation is declared inside the OpenAPI body (x-amazon-apigateway-request-validators: validator "all" unless a route chooses another), where the rule cannot look; the library renders it itself and its tests assert it.',
    });
  }

  /** The complete document (with tokens): the documents in the cloud assembly and `openApiDocument()` are this one. */
  public body(): Record<string, unknown> {
    return this.model.memo('body', () => renderBody(this.model));
  }

  /** Marks the app as prepared: from now on a resolution of the body is final, and one is kept per state of the model. */
  public settle(): void {
    this.settled = true;
  }

  /**
   * The RestApi's `Body`: what API Gateway needs of the document (`deployedBody`), from the one resolution
   * once the app is settled. While aws-cdk-lib prepares the app, which only looks for references in it, it is
   * the document's distinct values with tokens (`tokenValues`), which hold every reference the body does.
   */
  public templateBody(context: IResolveContext): unknown {
    if (context.preparing) {
      return { references: this.bodyTokenValues() };
    }
    return this.deployed(this.settled ? this.settledBody() : this.body());
  }

  /** The deployed body resolved as the template (or the S3 object) holds it. */
  public resolvedDeployedBody(): Record<string, unknown> {
    return this.deployed(this.settledBody());
  }

  /**
   * `deployedBody(document)`, once per document: the documents it is asked for (the body, its resolutions) are
   * each kept once per state of the model, so their deployed forms are too.
   */
  private deployed(document: Record<string, unknown>): Record<string, unknown> {
    let deployed = this.deployedForms.get(document);
    if (deployed === undefined) {
      deployed = deployedBody(document);
      this.deployedForms.set(document, deployed);
    }
    return deployed;
  }

  /**
   * The bytes the deployed body takes where it is kept (as of the resolution the deployment id hashes): in the
   * template, indented as aws-cdk-lib writes it; in S3, minified.
   */
  public deployedBodyBytes(): number {
    return this.model.memo(`deployedBodyBytes ${this.keptInS3}`, () => {
      const body = this.deployed(this.resolvedBody());
      return this.keptInS3 ? Buffer.byteLength(this.minifiedJson(body), 'utf8') : bytesInTemplate(body);
    });
  }

  /** `JSON.stringify(body)`, once per body object. */
  public minifiedJson(body: Record<string, unknown>): string {
    let json = this.minified.get(body);
    if (json === undefined) {
      json = JSON.stringify(body);
      this.minified.set(body, json);
    }
    return json;
  }

  /** The body's distinct values with tokens, unresolved (`tokenValues`). */
  public bodyTokenValues(): unknown[] {
    return this.model.memo('tokenValues', () => tokenValues(this.body()));
  }

  /** Notes that the body is kept in S3: the size rule then checks API Gateway's import limit instead of the template's. */
  public markKeptInS3(): void {
    this.keptInS3 = true;
  }

  /** The `Policy` of the RestApi, if it has one. */
  public policy(): Record<string, unknown> | undefined {
    return this.model.memo('policy', () => renderPolicy(this.scope, this.model));
  }

  /**
   * The complete document with its tokens resolved, as of the first call: what the deployment's logical id
   * hashes. It may be asked while the app is prepared, and must not change afterwards.
   */
  public resolvedBody(): Record<string, unknown> {
    return this.model.memo('resolvedBody', () => this.resolveBody());
  }

  /**
   * The complete document resolved as the template will hold it, once per state of the model after the app was
   * prepared. The resolution the deployment's id was hashed from is final already unless the stack takes values
   * from another stack (prepare turns those into imports or parameters), which is the one case resolved again.
   */
  private settledBody(): Record<string, unknown> {
    if (!this.settled) {
      return this.resolveBody();
    }
    const stack = Stack.of(this.scope);
    const referencesAreFinal = !stack.nested && stack.dependencies.length === 0;
    return this.model.memo('settledBody', () => referencesAreFinal ? this.resolvedBody() : this.resolveBody());
  }

  /** Resolves the body through its distinct values with tokens (as `Stack.resolve` would, for a fraction of the work), which it keeps for prepare. */
  private resolveBody(): Record<string, unknown> {
    const stack = Stack.of(this.scope);
    const { document, values } = resolveTokenValues(this.scope, this.body(), value => stack.resolve(value));
    this.model.memo('tokenValues', () => values);
    return document;
  }

  /** The hash the deployment's logical id ends with: it changes exactly when what the deployment snapshots does. */
  public deploymentIdSuffix(): string {
    // The mutual TLS setting lives outside the model (domains mark it), so it is part of the key.
    return this.model.memo(`deploymentId ${this.executeApiEndpoint.disabled}`, () => this.deploymentId.hash());
  }

  /** The document with API Gateway's extensions, or without them, for clients; tokens resolved; the caller's own copy. */
  public document(awsExtensions: boolean): Record<string, unknown> {
    const document = this.settledBody();
    return awsExtensions ? structuredClone(document) : withoutAwsExtensions(document);
  }

  /** What the rules of `validate/` are given. */
  public ruleContext(): RuleContext {
    const stack = Stack.of(this.scope);
    return {
      model: this.model,
      scope: this.scope,
      warn: (id, message) => Annotations.of(this.scope).addWarningV2(id, message),
      resolve: value => stack.resolve(value),
      policy: () => this.policy(),
      bodyLocation: this.keptInS3 ? 's3' : 'template',
      deployedBodyBytes: () => this.deployedBodyBytes(),
    };
  }

  /** Writes the document for clients (without API Gateway's extensions) and the one API Gateway imports, without indentation (tools read them, and they are large). */
  private writeOpenApiFiles(outdir: string): void {
    const document = this.settledBody();
    fs.writeFileSync(nodePath.join(outdir, this.openApiFile), JSON.stringify(withoutAwsExtensions(document)));
    fs.writeFileSync(nodePath.join(outdir, this.awsOpenApiFile), JSON.stringify(document));
  }
}

/** Where a resource's property sits in a template: `{ Resources: { <id>: { Properties: { Body: ... } } } }`. */
const PROPERTY_DEPTH = 4;

/**
 * The bytes a resource property's value takes in the template file: aws-cdk-lib writes templates with one
 * space of indentation per level, so each line of the value is indented by its depth too.
 */
function bytesInTemplate(value: unknown): number {
  const json = JSON.stringify(value, undefined, 1);
  let lines = 0;
  for (let index = json.indexOf('\n'); index !== -1; index = json.indexOf('\n', index + 1)) {
    lines++;
  }
  return Buffer.byteLength(json, 'utf8') + lines * PROPERTY_DEPTH;
}
