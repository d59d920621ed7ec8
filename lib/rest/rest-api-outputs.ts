import * as fs from 'fs';
import * as nodePath from 'path';
import { Annotations, attachCustomSynthesis, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { DeploymentLogicalId } from './deployment-logical-id';
import type { RestApiModel } from './model/rest-api-model';
import { withoutAwsExtensions } from './render/client-document';
import { renderBody } from './render/openapi-body';
import { renderPolicy } from './render/resource-policy';
import { RuleContext } from './validate/rule';
import { Endpoint, EndpointType } from '../core/endpoint';
import type { ExecuteApiEndpointSetting } from '../core/execute-api-endpoint';

/**
 * What a REST API renders from its model, each once per state of the model
 * (`RestApiModel.memo`): the body, the resource policy, the body as the
 * template holds it, the deployment's logical id, and the two documents in
 * the cloud assembly. The rules of `validate/` read them through `ruleContext`.
 */
export class RestApiOutputs {
  /** The RestApi's `EndpointConfiguration`, which the deployment snapshots too. */
  public readonly endpointConfiguration: apigw.CfnRestApi.EndpointConfigurationProperty;
  /** The file, in the cloud assembly directory, of the document for clients (without API Gateway's extensions). */
  public readonly openApiFile: string;
  /** The file, in the cloud assembly directory, of the document API Gateway imports. */
  public readonly awsOpenApiFile: string;
  private readonly deploymentId = new DeploymentLogicalId();

  /**
   * @param scope the API: errors and warnings name it, tokens resolve in its stack, the documents are named after its path
   */
  constructor(
    private readonly scope: IConstruct, private readonly model: RestApiModel,
    endpoint: Endpoint, private readonly executeApiEndpoint: ExecuteApiEndpointSetting,
  ) {
    const endpointConfiguration: apigw.CfnRestApi.EndpointConfigurationProperty = {
      types: [endpoint.type],
      vpcEndpointIds: endpoint.type === EndpointType.PRIVATE ? endpoint.vpcEndpoints.map(vpcEndpoint => vpcEndpoint.vpcEndpointId) : undefined,
    };
    this.endpointConfiguration = endpointConfiguration;
    // Everything a deployment snapshots. The document's `info` (name, description) changes the API's metadata,
    // not what is deployed; API Gateway applies disableExecuteApiEndpoint to a REST API only with its next deployment.
    const stack = Stack.of(scope);
    this.deploymentId.add('body', () => {
      const { info: _info, ...deployed } = this.resolvedBody();
      return deployed;
    });
    this.deploymentId.add('endpointConfiguration', () => stack.resolve(endpointConfiguration));
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

  /** The `Body` of the RestApi (with tokens). */
  public body(): Record<string, unknown> {
    return this.model.memo('body', () => renderBody(this.model));
  }

  /** The `Policy` of the RestApi, if it has one. */
  public policy(): Record<string, unknown> | undefined {
    return this.model.memo('policy', () => renderPolicy(this.scope, this.model));
  }

  /** The body with its tokens resolved, as the template will hold it. */
  public resolvedBody(): Record<string, unknown> {
    return this.model.memo('resolvedBody', () => Stack.of(this.scope).resolve(this.body()));
  }

  /** The hash the deployment's logical id ends with: it changes exactly when what the deployment snapshots does. */
  public deploymentIdSuffix(): string {
    // The mutual TLS setting lives outside the model (domains mark it), so it is part of the key.
    return this.model.memo(`deploymentId ${this.executeApiEndpoint.disabled}`, () => this.deploymentId.hash());
  }

  /** The document with API Gateway's extensions, or without them, for clients; tokens resolved. */
  public document(awsExtensions: boolean): Record<string, unknown> {
    const document = Stack.of(this.scope).resolve(this.body());
    return awsExtensions ? document : withoutAwsExtensions(document);
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
      resolvedBody: () => this.resolvedBody(),
    };
  }

  /** Writes the document for clients (without API Gateway's extensions) and the one API Gateway imports. */
  private writeOpenApiFiles(outdir: string): void {
    // Resolved once: the client's document is the same one without the extensions.
    const document = this.document(true);
    fs.writeFileSync(nodePath.join(outdir, this.openApiFile), JSON.stringify(withoutAwsExtensions(document), undefined, 2));
    fs.writeFileSync(nodePath.join(outdir, this.awsOpenApiFile), JSON.stringify(document, undefined, 2));
  }
}
