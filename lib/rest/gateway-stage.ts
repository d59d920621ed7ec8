import { Duration, Lazy, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CACHE_TTL_RULE, CacheSize, MAX_CACHE_TTL_SECONDS, UnauthorizedCacheControl } from './cache';
import { CanaryConfig } from './canary';
import { stageClientCertificateId } from './client-certificate';
import type { GatewayRestApi } from './gateway-rest-api';
import type { StageRecord } from './model/rest-api-model';
import { renderMethodSettings } from './render/method-settings';
import { renderStageSettingsPatches } from './render/stage-settings-patches';
import { RouteThrottles } from './route-throttles';
import { StageOptions } from './stage-options';
import { adoptStageResource } from './stage-resource';
import { StageSettingsResource } from './stage-settings';
import { defaultAccessLogFormat } from '../core/access-logs';
import { executeApiBaseUrl, formatStageArn } from '../core/arns';
import { GatewayValidationError } from '../core/errors';
import { libraryLogGroup } from '../core/log-encryption';
import { checkArguments } from '../core/private/check-arguments';
import {
  checkOneOf, checkPattern, checkRange, checkWholeSeconds, enumValues, LOG_RETENTION_DAYS,
  STAGE_NAME, STAGE_NAME_RULE, STAGE_VARIABLE_NAME, STAGE_VARIABLE_NAME_RULE, validateThrottle,
} from '../core/rules';
import { DEFAULT_ALIAS_VARIABLE } from '../integrations/integration';

const STAGE_VARIABLE_VALUE = /^[A-Za-z0-9\-._~:/?#&=,]{1,512}$/;
const STAGE_VARIABLE_VALUE_RULE = 'use 1 to 512 characters of A-Z, a-z, 0-9 and -._~:/?#&=,';
const MAX_STAGE_VARIABLES = 100;

/** Canary stage variable override names: CloudFormation's schema allows letters and digits only. */
const CANARY_OVERRIDE_NAME = /^[A-Za-z0-9]{1,64}$/;
const RELEASE_LABEL = /^[A-Za-z0-9]{1,64}$/;


/** Properties of a `GatewayStage`. */
export interface GatewayStageProps extends StageOptions {
  /** The API this stage deploys. */
  readonly api: GatewayRestApi;
}

/**
 * A stage of a `GatewayRestApi`, with JSON access logs, execution logs at
 * ERROR (no request or response bodies), detailed metrics and X-Ray on by
 * default. Usually created through the API's `stages` prop or `addStage()`.
 *
 * It is an `apigw.Stage`, so that aws-cdk-lib constructs that take one (a
 * usage plan's `addApiStage`, a `BasePathMapping`, `apigw.ApiKey`) take it.
 */
export class GatewayStage extends apigw.Stage {
  /** The stage name. */
  public readonly stageName: string;
  /** The API this stage belongs to. */
  public readonly api: GatewayRestApi;
  /** The stage's variables, including `lambdaAlias` when set. */
  public readonly variables: { [name: string]: string };
  /** The log group that receives the access logs. */
  public readonly accessLogGroup: logs.ILogGroup;
  /** The underlying `AWS::ApiGateway::Stage`. */
  public readonly resource: apigw.CfnStage;
  /**
   * The stage variables as the canary's requests see them (the stage's, with the canary's overrides).
   * @default - undefined when the stage has no canary
   */
  public readonly canaryVariables?: { [name: string]: string };
  /**
   * The deployment of the `stableRelease` that the stage serves to everyone outside a `Canary.deployment()`.
   * @default - undefined unless the stage has a `Canary.deployment()`
   */
  public readonly stableDeployment?: apigw.CfnDeployment;

  /**
   * The stage as the API's model keeps it, for the renderers and rules.
   * @internal
   */
  public readonly _record: StageRecord;
  private readonly options: StageOptions;
  private readonly canary?: CanaryConfig;
  private readonly routeThrottles: RouteThrottles;
  private readonly clientCertificateId?: string;

  constructor(scope: Construct, id: string, props: GatewayStageProps) {
    checkArguments(scope, 'GatewayStage', arguments);
    // An apigw.Stage, whose own stage resource adoptStageResource sets to the library's.
    super(scope, id, { deployment: props.api._latestDeployment, stageName: props.name });
    const { api, ...options } = props;
    this.api = api;
    this.options = options;
    this.canary = props.canary?.bind({ scope: this });
    this.stageName = props.name;
    checkPattern(this, 'stage name', props.name, STAGE_NAME, STAGE_NAME_RULE);
    this.variables = this.resolveVariables();
    validateThrottle(this, 'stage throttle', props.throttle);
    checkOneOf(this, 'executionLogLevel', props.executionLogLevel, enumValues(apigw.MethodLoggingLevel), 'use apigw.MethodLoggingLevel.OFF, ERROR or INFO');
    checkOneOf(this, 'accessLogRetention', props.accessLogRetention, LOG_RETENTION_DAYS, 'use a logs.RetentionDays value, e.g. logs.RetentionDays.ONE_YEAR');
    this.routeThrottles = new RouteThrottles(this, 'throttle', props.routeThrottles);
    this.validateCache();
    const canaryOverrides = this.canaryOverrides();
    this.canaryVariables = this.resolveCanaryVariables(canaryOverrides);
    this.clientCertificateId = stageClientCertificateId(this, api.apiName, props.name, props.clientCertificateId, props.clientCertificate);
    this._record = {
      name: props.name,
      variables: this.variables,
      canaryVariables: this.canaryVariables,
      cache: props.cache,
      throttle: props.throttle,
      routeThrottles: this.routeThrottles.toMap(),
      executionLogLevel: props.executionLogLevel,
      detailedMetrics: props.detailedMetrics,
      clientCertificate: this.clientCertificateId !== undefined,
    };

    const format = (props.accessLogFormat ?? defaultAccessLogFormat()).toString();
    if (!props.accessLogFormat) {
      Validations.of(this).acknowledge({
        id: 'Serverless-APIGWStructuredLogging',
        reason: 'The default access log format is JSON once API Gateway substitutes $context.error.messageString, which it emits already quoted so that a message containing quotes cannot break the record; the rule parses the raw template, where that variable stands unquoted.',
      });
    }
    if (!Token.isUnresolved(format) && !format.includes('$context.requestId') && !format.includes('$context.extendedRequestId')) {
      throw new GatewayValidationError(this, 'AccessLogFormatWithoutRequestId', 'the access log format must contain $context.requestId or $context.extendedRequestId (API Gateway rejects it otherwise).');
    }
    this.accessLogGroup = libraryLogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: api.logGroupEncryptionKey,
    });
    if (!props.cache) {
      for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
        Validations.of(this).acknowledge({
          id: `${pack}-APIGWCacheEnabledAndEncrypted`,
          reason: 'The stage has no cache cluster, so it keeps no cached responses to encrypt; a stage with a cache has it encrypted by default (cache.encrypted).',
        });
      }
    }

    const canary = this.canary;
    const stableRelease = canary?.stableRelease;
    if (stableRelease !== undefined) {
      checkPattern(this, 'canary stableRelease', stableRelease, RELEASE_LABEL, 'use 1 to 64 letters and digits, e.g. "v12"');
      // Named by its label alone: CloudFormation keeps this snapshot of the definition until the label changes.
      this.stableDeployment = new apigw.CfnDeployment(this, `StableRelease${stableRelease}`, {
        restApiId: api.restApiId,
        description: `Stable release ${stableRelease} of stage ${props.name}; replaced only when the label changes`,
      });
    }
    this.resource = adoptStageResource(this, {
      restApiId: api.restApiId,
      deploymentId: (this.stableDeployment ?? api.deployment).ref,
      // Explicitly off without a cache: CloudFormation leaves a cluster on when the property merely disappears.
      cacheClusterEnabled: props.cache !== undefined,
      cacheClusterSize: props.cache?.size,
      canarySetting: canary && {
        // The canary serves the current definition: the stage's own deployment, or the one after the stable release.
        deploymentId: api.deployment.ref,
        percentTraffic: canary.percentTraffic,
        stageVariableOverrides: Object.keys(canaryOverrides).length > 0 ? canaryOverrides : undefined,
        useStageCache: canary.useStageCache ?? false,
      },
      stageName: props.name,
      description: props.description,
      variables: Object.keys(this.variables).length > 0 ? this.variables : undefined,
      tracingEnabled: props.tracingEnabled ?? true,
      clientCertificateId: this.clientCertificateId,
      accessLogSetting: { destinationArn: this.accessLogGroup.logGroupArn, format },
      methodSettings: Lazy.any({ produce: () => renderMethodSettings(this._record, api._model.routes.all) }),
    });
    this.node.addValidation({
      validate: () => {
        this.routeThrottles.validateAgainst(api._model.routes.all);
        return [];
      },
    });
    if (props.cache || canary) {
      new StageSettingsResource(this, 'Settings', { stage: this, settings: () => renderStageSettingsPatches(this._record, api._model.routes.all) });
    }
    // One way: the stage tells the API it exists; the API pulls what it needs from the stage's record.
    api._attachments.attachStage(this);
  }

  /**
   * A metric of this stage (namespace `AWS/ApiGateway`, dimensions `ApiName` and `Stage`).
   * @param metricName e.g. `5XXError`, `Latency`, `CacheHitCount`
   */
  public metric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiName: this.api.apiName, Stage: this.stageName },
      period: Duration.minutes(1),
      ...props,
    });
  }

  /** The share of requests answered 4XX (average of `4XXError`). */
  public metricClientError(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metric('4XXError', { statistic: 'Average', ...props });
  }

  /** The share of requests answered 5XX (average of `5XXError`). */
  public metricServerError(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metric('5XXError', { statistic: 'Average', ...props });
  }

  /** The time from request to response, in ms (p99 by default). */
  public metricLatency(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metric('Latency', { statistic: 'p99', ...props });
  }

  /** The time the backend took, in ms (p99 by default). */
  public metricIntegrationLatency(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metric('IntegrationLatency', { statistic: 'p99', ...props });
  }

  /** The number of requests. */
  public metricCount(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metric('Count', { statistic: 'Sum', ...props });
  }

  /** Requests served from the cache. */
  public metricCacheHitCount(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metric('CacheHitCount', { statistic: 'Sum', ...props });
  }

  /** Requests the cache could not serve. */
  public metricCacheMissCount(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metric('CacheMissCount', { statistic: 'Sum', ...props });
  }

  /**
   * The share of the canary's requests answered 5XX: API Gateway reports the
   * canary as stage `<stage>/Canary`.
   */
  public metricCanaryServerError(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.metric('5XXError', { statistic: 'Average', dimensionsMap: { ApiName: this.api.apiName, Stage: `${this.stageName}/Canary` }, ...props });
  }

  /**
   * The stage's ARN as IAM, WAF and the API Gateway API address it:
   * `arn:<partition>:apigateway:<region>::/restapis/<api-id>/stages/<name>`.
   * It refers to the stage resource, so whatever uses it waits for the stage.
   */
  public get stageArn(): string {
    return formatStageArn(this, this.api.restApiId, this.resource.ref);
  }

  /** The canary's share of traffic, or undefined without a canary. */
  public get canaryPercentTraffic(): number | undefined {
    return this.canary?.percentTraffic;
  }

  /** Whether the stage has a cache cluster. */
  public get cacheEnabled(): boolean {
    return this.options.cache !== undefined;
  }

  private validateCache(): void {
    const cache = this.options.cache;
    if (!cache) {
      return;
    }
    checkOneOf(this, 'cache size', cache.size, enumValues(CacheSize), 'use a CacheSize, e.g. CacheSize.GB_0_5 (0.5 GB)', true);
    checkOneOf(this, 'cache unauthorizedInvalidation', cache.unauthorizedInvalidation, enumValues(UnauthorizedCacheControl),
      'use UnauthorizedCacheControl.FAIL_WITH_403 (the default), SUCCEED_WITH_RESPONSE_HEADER or SUCCEED_WITHOUT_RESPONSE_HEADER');
    checkWholeSeconds(this, 'cache ttl (seconds)', cache.ttl, 0, MAX_CACHE_TTL_SECONDS, CACHE_TTL_RULE);
  }

  private resolveCanaryVariables(overrides: { [name: string]: string }): { [name: string]: string } | undefined {
    const canary = this.canary;
    if (!canary) {
      return undefined;
    }
    const percent = canary.percentTraffic;
    checkRange(this, 'canary percentTraffic', percent, 0, 100, 'It is the percentage of the stage\'s requests the canary serves.');
    for (const [name, value] of Object.entries(overrides)) {
      checkPattern(this, 'canary variable override name', name, CANARY_OVERRIDE_NAME, 'use 1 to 64 letters and digits (CloudFormation allows no other characters here)');
      checkPattern(this, `value of canary variable override ${name}`, value, STAGE_VARIABLE_VALUE, STAGE_VARIABLE_VALUE_RULE);
    }
    return { ...this.variables, ...overrides };
  }

  private canaryOverrides(): { [name: string]: string } {
    const canary = this.canary;
    if (!canary) {
      return {};
    }
    return this.withLambdaAlias(canary.variableOverrides, canary.lambdaAlias, 'canary lambdaAlias', 'variableOverrides');
  }

  /** Variables with the `lambdaAlias` shorthand merged in, unless they already name another alias. */
  private withLambdaAlias(
    given: { [name: string]: string } | undefined, lambdaAlias: string | undefined, aliasLabel: string, variablesLabel: string,
  ): { [name: string]: string } {
    const variables = { ...given };
    if (lambdaAlias !== undefined) {
      const explicit = variables[DEFAULT_ALIAS_VARIABLE];
      if (explicit !== undefined && explicit !== lambdaAlias) {
        throw new GatewayValidationError(this, 'StageLambdaAliasConflict', `${aliasLabel} ${JSON.stringify(lambdaAlias)} conflicts with ${variablesLabel}.${DEFAULT_ALIAS_VARIABLE} = ${JSON.stringify(explicit)}; set one of them.`);
      }
      variables[DEFAULT_ALIAS_VARIABLE] = lambdaAlias;
    }
    return variables;
  }

  /** The URL of this stage, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/prod/`. */
  public get url(): string {
    return this.urlForPath('/');
  }

  /** The URL of a path in this stage. */
  public urlForPath(path: string = '/'): string {
    if (!path.startsWith('/')) {
      throw new GatewayValidationError(this, 'ExecuteApiPathInvalid', `path ${JSON.stringify(path)} must start with "/".`);
    }
    return `${executeApiBaseUrl(this, this.api.restApiId)}/${this.stageName}${path}`;
  }

  private resolveVariables(): { [name: string]: string } {
    const variables = this.withLambdaAlias(this.options.variables, this.options.lambdaAlias, 'lambdaAlias', 'variables');
    const names = Object.keys(variables);
    if (names.length > MAX_STAGE_VARIABLES) {
      throw new GatewayValidationError(this, 'StageVariablesTooMany', `a stage may have at most ${MAX_STAGE_VARIABLES} variables, got ${names.length}.`);
    }
    for (const name of names) {
      checkPattern(this, 'stage variable name', name, STAGE_VARIABLE_NAME, STAGE_VARIABLE_NAME_RULE);
      checkPattern(this, `value of stage variable ${name}`, variables[name], STAGE_VARIABLE_VALUE, STAGE_VARIABLE_VALUE_RULE);
    }
    return variables;
  }
}

