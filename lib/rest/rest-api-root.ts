import { RemovalPolicy, Resource } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { GatewayValidationError } from '../core/errors';
import { describeValue } from '../core/rules';

/**
 * The root resource (`/`) of a REST API defined by its OpenAPI body, as the
 * `apigw.IResource` that `IRestApi.root` is.
 *
 * What it tells is true (path `/`, the API, the root resource id API Gateway
 * assigns); what would add to the API through the L2 model fails with the
 * library's error naming `addRoute`: methods and resources made by
 * `apigw.Method` and `apigw.Resource` would be separate CloudFormation
 * resources that the next deployment of the body overwrites or deletes.
 * @internal
 */
export class RestApiRoot extends Resource implements apigw.IResource {
  public readonly parentResource?: apigw.IResource = undefined;
  public readonly path = '/';
  public readonly defaultIntegration?: apigw.Integration = undefined;
  public readonly defaultMethodOptions?: apigw.MethodOptions = undefined;
  public readonly defaultCorsPreflightOptions?: apigw.CorsOptions = undefined;

  constructor(scope: Construct, id: string, public readonly api: apigw.IRestApi) {
    super(scope, id);
  }

  /** The id API Gateway gave the root resource (the RestApi's `RootResourceId`). */
  public get resourceId(): string {
    return this.api.restApiRootResourceId;
  }

  public get resourceRef(): apigw.ResourceReference {
    return { restApiId: this.api.restApiId, resourceId: this.resourceId };
  }

  /** Resources of an API defined by its body are not constructs: there is none to return. */
  public getResource(_pathPart: string): apigw.IResource | undefined {
    return undefined;
  }

  public addMethod(httpMethod: string, _integration?: apigw.Integration, _options?: apigw.MethodOptions): apigw.Method {
    const method = typeof httpMethod === 'string' ? httpMethod.toUpperCase() : 'GET';
    throw this.definedByBody(`root.addMethod(${describeValue(httpMethod)})`, `api.addRoute('${method} /', integration, { authorization })`);
  }

  public addResource(pathPart: string, _options?: apigw.ResourceOptions): apigw.Resource {
    throw this.definedByBody(`root.addResource(${describeValue(pathPart)})`, `api.addRoute('GET /${typeof pathPart === 'string' ? pathPart : 'path'}', integration, { authorization })`);
  }

  public resourceForPath(path: string): apigw.Resource {
    const route = typeof path === 'string' ? `/${path.replace(/^\/+/, '')}` : '/path';
    throw this.definedByBody(`root.resourceForPath(${describeValue(path)})`, `api.addRoute('GET ${route}', integration, { authorization })`);
  }

  public addProxy(_options?: apigw.ProxyResourceOptions): apigw.ProxyResource {
    throw this.definedByBody('root.addProxy()', 'api.addRoute(\'ANY /{proxy+}\', integration, { authorization })');
  }

  public addCorsPreflight(_options: apigw.CorsOptions): apigw.Method {
    throw this.definedByBody('root.addCorsPreflight()', 'the cors option of the API or of a route (api.addRoute(key, integration, { cors })), which renders the preflight into the body');
  }

  /** The root resource is part of the RestApi, not a CloudFormation resource of its own. */
  public applyRemovalPolicy(_policy: RemovalPolicy): void {
    throw new GatewayValidationError(this.api, 'RootResourceRemovalPolicy', 'root.applyRemovalPolicy(): the root resource is created and deleted with the RestApi and has no removal policy of its own; apply it to the API (api.applyRemovalPolicy(policy)).');
  }

  private definedByBody(operation: string, fix: string): GatewayValidationError {
    return new GatewayValidationError(this.api, 'RestApiDefinedByBody', `${operation}: this API is defined by its OpenAPI body, and methods or resources added through apigw.Resource would be overwritten by its next deployment; use ${fix} instead.`);
  }
}
