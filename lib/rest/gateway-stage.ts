import { Lazy, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { defaultAccessLogFormat } from './access-log';
import type { GatewayRestApi } from './gateway-rest-api';
import { RouteThrottles } from './route-throttles';
import { StageOptions, ThrottleSettings } from './stage-options';
import { GatewayValidationError } from '../errors';
import { DEFAULT_ALIAS_VARIABLE } from '../integrations/integration';
import { STAGE_VARIABLE_NAME, STAGE_VARIABLE_NAME_RULE } from '../integrations/lambda';
import { checkPattern, validateThrottle } from '../validation';

const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const STAGE_VARIABLE_VALUE = /^[A-Za-z0-9\-._~:/?#&=,]{1,512}$/;
const MAX_STAGE_VARIABLES = 100;

/** The stage-wide throttle when none is given: a tenth of the usual account limit, so one API cannot starve the others. */
export const DEFAULT_STAGE_THROTTLE: Required<ThrottleSettings> = { rateLimit: 1000, burstLimit: 500 };

/** Properties of a `GatewayStage`. */
export interface GatewayStageProps extends StageOptions {
  /** The API this stage deploys. */
  readonly api: GatewayRestApi;
}

/**
 * A stage of a `GatewayRestApi`, with JSON access logs, execution logs at
 * ERROR (no request or response bodies), detailed metrics and X-Ray on by
 * default. Usually created through the API's `stages` prop or `addStage()`.
 */
export class GatewayStage extends Construct {
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

  private readonly options: StageOptions;
  private readonly routeThrottles: RouteThrottles;

  constructor(scope: Construct, id: string, props: GatewayStageProps) {
    super(scope, id);
    const { api, ...options } = props;
    this.api = api;
    this.options = options;
    this.stageName = props.name;
    checkPattern(this, 'stage name', props.name, STAGE_NAME, 'use 1 to 128 characters of A-Z, a-z, 0-9, - and _');
    this.variables = this.resolveVariables();
    validateThrottle(this, 'stage throttle', props.throttle);
    this.routeThrottles = new RouteThrottles(this, 'throttle', props.routeThrottles);

    const format = (props.accessLogFormat ?? defaultAccessLogFormat()).toString();
    if (!props.accessLogFormat) {
      Validations.of(this).acknowledge({
        id: 'Serverless-APIGWStructuredLogging',
        reason: 'The default access log format is JSON once API Gateway substitutes $context.error.messageString, which it emits already quoted so that a message containing quotes cannot break the record; the rule parses the raw template, where that variable stands unquoted.',
      });
    }
    if (!Token.isUnresolved(format) && !format.includes('$context.requestId') && !format.includes('$context.extendedRequestId')) {
      throw new GatewayValidationError(this, 'the access log format must contain $context.requestId or $context.extendedRequestId (API Gateway rejects it otherwise).');
    }
    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.resource = new apigw.CfnStage(this, 'Resource', {
      restApiId: api.restApiId,
      deploymentId: api.deployment.ref,
      stageName: props.name,
      description: props.description,
      variables: Object.keys(this.variables).length > 0 ? this.variables : undefined,
      tracingEnabled: props.tracingEnabled ?? true,
      accessLogSetting: { destinationArn: this.accessLogGroup.logGroupArn, format },
      methodSettings: Lazy.any({ produce: () => this.renderMethodSettings() }),
    });
    this.node.addValidation({
      validate: () => {
        this.routeThrottles.validateAgainst(api._routes);
        return [];
      },
    });
    api._registerStage(this);
  }

  /** The URL of this stage, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/prod/`. */
  public get url(): string {
    return this.urlForPath('/');
  }

  /** The URL of a path in this stage. */
  public urlForPath(path: string): string {
    if (!path.startsWith('/')) {
      throw new GatewayValidationError(this, `path ${JSON.stringify(path)} must start with "/".`);
    }
    return `https://${this.api.restApiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.stageName}${path}`;
  }

  private resolveVariables(): { [name: string]: string } {
    const variables: { [name: string]: string } = { ...this.options.variables };
    if (this.options.lambdaAlias !== undefined) {
      const explicit = variables[DEFAULT_ALIAS_VARIABLE];
      if (explicit !== undefined && explicit !== this.options.lambdaAlias) {
        throw new GatewayValidationError(this, `lambdaAlias ${JSON.stringify(this.options.lambdaAlias)} conflicts with variables.${DEFAULT_ALIAS_VARIABLE} = ${JSON.stringify(explicit)}; set one of them.`);
      }
      variables[DEFAULT_ALIAS_VARIABLE] = this.options.lambdaAlias;
    }
    const names = Object.keys(variables);
    if (names.length > MAX_STAGE_VARIABLES) {
      throw new GatewayValidationError(this, `a stage may have at most ${MAX_STAGE_VARIABLES} variables, got ${names.length}.`);
    }
    for (const name of names) {
      checkPattern(this, 'stage variable name', name, STAGE_VARIABLE_NAME, STAGE_VARIABLE_NAME_RULE);
      checkPattern(this, `value of stage variable ${name}`, variables[name], STAGE_VARIABLE_VALUE,
        'use 1 to 512 characters of A-Z, a-z, 0-9 and -._~:/?#&=,');
    }
    return variables;
  }

  private renderMethodSettings(): apigw.CfnStage.MethodSettingProperty[] {
    const logging = {
      loggingLevel: this.options.executionLogLevel ?? apigw.MethodLoggingLevel.ERROR,
      dataTraceEnabled: false,
      metricsEnabled: this.options.detailedMetrics ?? true,
    };
    const settings: apigw.CfnStage.MethodSettingProperty[] = [{
      resourcePath: '/*',
      httpMethod: '*',
      ...logging,
      throttlingRateLimit: this.options.throttle?.rateLimit ?? DEFAULT_STAGE_THROTTLE.rateLimit,
      throttlingBurstLimit: this.options.throttle?.burstLimit ?? DEFAULT_STAGE_THROTTLE.burstLimit,
    }];
    for (const route of this.api._routes) {
      const throttle = this.routeThrottles.get(route.parsed.key) ?? route.options.throttle;
      if (!throttle) {
        continue;
      }
      // A method setting replaces the stage-wide one for that method entirely, so it repeats the logging fields.
      settings.push({
        resourcePath: encodeResourcePath(route.parsed.path),
        // An ANY method is addressed as every method of its resource.
        httpMethod: route.parsed.method === 'ANY' ? '*' : route.parsed.method,
        ...logging,
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
      });
    }
    return settings;
  }
}

/** Method settings address a resource path as a JSON pointer: `/pets/{id}` becomes `/~1pets~1{id}`. */
export function encodeResourcePath(path: string): string {
  return '/' + path.replace(/~/g, '~0').replace(/\//g, '~1');
}
