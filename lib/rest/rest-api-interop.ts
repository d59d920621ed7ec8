import { Resource } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { GatewayStage } from './gateway-stage';
import { restApiMetric } from './rest-api-metrics';
import { RestApiRoot } from './rest-api-root';
import { GatewayValidationError } from '../core/errors';

/**
 * What makes a `GatewayRestApi` an `apigw.IRestApi`, so that whatever takes an
 * aws-cdk-lib REST API (usage plans, base path mappings, monitoring libraries,
 * AgentCore gateway targets) takes one of this library's.
 *
 * Kept apart from the API's model and wiring; not exported, so jsii blends its
 * members into `GatewayRestApi`. It does not extend `apigw.RestApiBase`, whose
 * `addUsagePlan`, `addGatewayResponse` and `addToResourcePolicy` have other
 * signatures than the library's and whose L2 model the body replaces.
 * @internal
 */
export abstract class RestApiInterop extends Resource implements apigw.IRestApi {
  /** The REST API id. */
  public abstract readonly restApiId: string;
  /** The API's name (the `ApiName` dimension of its metrics). */
  public abstract readonly apiName: string;
  /** The underlying `AWS::ApiGateway::RestApi`. */
  public abstract readonly resource: apigw.CfnRestApi;
  /** The stages of this API, in the order they were added. */
  public abstract readonly stages: GatewayStage[];
  /** @internal */
  public abstract readonly _latestDeployment: apigw.Deployment;

  /**
   * The root resource (`/`), for code that reads `api.root`: its `path`,
   * `resourceId` and `api` work; adding methods or resources to it fails,
   * since the API is defined by its OpenAPI body: add routes with `addRoute`.
   */
  public readonly root: apigw.IResource;
  private chosenDeploymentStage?: GatewayStage;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.root = new RestApiRoot(this, 'Root', this);
    this.node.addValidation({ validate: () => this.failL2Model() });
  }

  /** The API's name, as aws-cdk-lib's `IRestApi` calls it (the same as `apiName`). */
  public get restApiName(): string {
    return this.apiName;
  }

  /** The id of the API's root resource (`/`), which API Gateway assigns. */
  public get restApiRootResourceId(): string {
    return this.resource.attrRootResourceId;
  }

  /** A reference to this API, for aws-cdk-lib's `IRestApiRef`. */
  public get restApiRef(): apigw.RestApiReference {
    return { restApiId: this.restApiId };
  }

  /**
   * The deployment every stage points at, as an `apigw.Deployment`; its
   * logical id changes exactly when the deployed definition does.
   */
  public get latestDeployment(): apigw.Deployment | undefined {
    return this._latestDeployment;
  }

  /**
   * The stage that constructs taking an `IRestApi` use when told no other
   * (a `BasePathMapping`'s, an AgentCore gateway target's, a monitoring
   * library's): the API's first stage, unless set to another of its stages.
   */
  public get deploymentStage(): apigw.Stage {
    const stage = this.chosenDeploymentStage ?? this.stages[0];
    if (!stage) {
      throw new GatewayValidationError(this, 'DeploymentStageMissing', 'deploymentStage is the API\'s first stage, but the API has none; pass stages or call addStage() before handing the API to a construct that needs its stage.');
    }
    return stage;
  }

  public set deploymentStage(stage: apigw.Stage) {
    const own = this.stages.find(candidate => candidate === stage);
    if (!own) {
      throw new GatewayValidationError(this, 'DeploymentStageForeign', `deploymentStage can only be one of this API's stages (${this.stages.map(candidate => candidate.stageName).join(', ') || 'none yet'}), got ${stage?.node?.path ?? String(stage)}; pass api.stage(name).`);
    }
    this.chosenDeploymentStage = own;
  }

  /**
   * The execute-api ARN of a method, path and stage, for IAM policies.
   * @param method the HTTP method, or `*`
   * @param path the resource path, or `/*`
   * @param stage the stage name, or `*`
   */
  public abstract arnForExecuteApi(method?: string, path?: string, stage?: string): string;

  /** A metric of the whole API (dimension `ApiName`, every stage together), as `apigw.RestApi.metric`. */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return restApiMetric(this, metricName, props);
  }

  /** The number of 4XX responses of the whole API (sum over 5 minutes, as `apigw.RestApi`). */
  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return restApiMetric(this, '4XXError', props, 'Sum');
  }

  /** The number of 5XX responses of the whole API (sum over 5 minutes, as `apigw.RestApi`). */
  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return restApiMetric(this, '5XXError', props, 'Sum');
  }

  /** Requests of the whole API served from a cache (sum over 5 minutes, as `apigw.RestApi`). */
  public metricCacheHitCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return restApiMetric(this, 'CacheHitCount', props, 'Sum');
  }

  /** Requests of the whole API a cache could not serve (sum over 5 minutes, as `apigw.RestApi`). */
  public metricCacheMissCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return restApiMetric(this, 'CacheMissCount', props, 'Sum');
  }

  /** The number of requests to the whole API (sample count over 5 minutes, as `apigw.RestApi`). */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return restApiMetric(this, 'Count', props, 'SampleCount');
  }

  /** The time the backends took, in ms (average over 5 minutes, as `apigw.RestApi`). */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return restApiMetric(this, 'IntegrationLatency', props, 'Average');
  }

  /** The time from request to response, in ms (average over 5 minutes, as `apigw.RestApi`). */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return restApiMetric(this, 'Latency', props, 'Average');
  }

  /**
   * `root` refuses to add methods and resources, but `new apigw.Method({ resource: api.root })` and
   * `new apigw.Resource({ parent: api.root })` do not ask it: they are caught here, at synth.
   */
  private failL2Model(): string[] {
    for (const construct of this.node.root.node.findAll()) {
      if (construct instanceof apigw.Method && construct.api === this) {
        throw new GatewayValidationError(construct, 'RestApiDefinedByBody', `apigw.Method ${construct.httpMethod} on ${construct.resource.path} of API ${this.node.path}, which is defined by its OpenAPI body: the method would be a separate resource that the next deployment of the body overwrites; use api.addRoute('${construct.httpMethod} ${construct.resource.path}', integration, { authorization }) instead.`);
      }
      if (construct instanceof apigw.Resource && construct.api === this) {
        throw new GatewayValidationError(construct, 'RestApiDefinedByBody', `apigw.Resource ${construct.path} of API ${this.node.path}, which is defined by its OpenAPI body: the resource would be overwritten by the next deployment of the body; add routes on its path with api.addRoute('GET ${construct.path}', integration, { authorization }) instead.`);
      }
    }
    return [];
  }
}
