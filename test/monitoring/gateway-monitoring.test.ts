import { Aws, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Authorization, Canary, GatewayMonitoring, GatewayRestApi, Integration, MonitoringOptions } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { newStack } from '../helpers';

function monitored(options: MonitoringOptions = {}, canary = false) {
  const stack = newStack();
  const api = new GatewayRestApi(stack, 'Api', {
    apiName: 'pets',
    defaultAuthorization: Authorization.none(),
    stages: [{ name: 'prod', lambdaAlias: 'live', canary: canary ? Canary.lambdaAlias({ percentTraffic: 10, lambdaAlias: 'next' }) : undefined }],
  });
  api.addRoute('GET /a', Integration.lambdaAlias(fixtureFunction(stack, 'Fn')));
  const monitoring = api.addMonitoring('prod', options);
  return { stack, api, monitoring };
}

const dims = (stage: string) => Match.arrayWith([{ Name: 'ApiName', Value: 'pets' }, { Name: 'Stage', Value: stage }]);

describe('GatewayMonitoring', () => {
  test('alarms on 5XX rate, 4XX rate, p99 latency and p99 integration latency, with sane defaults', () => {
    const { stack } = monitored();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    const expectations: Array<[string, string, number]> = [['5XXError', 'Average', 0.01], ['4XXError', 'Average', 0.05]];
    for (const [metric, statistic, threshold] of expectations) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Namespace: 'AWS/ApiGateway',
        Statistic: statistic,
        Threshold: threshold,
        Period: 60,
        EvaluationPeriods: 3,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        Dimensions: dims('prod'),
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Latency', ExtendedStatistic: 'p99', Threshold: 2000 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IntegrationLatency', ExtendedStatistic: 'p99', Threshold: 1500 });
  });

  test('a stage with a canary gets a canary 5XX alarm on stage "<stage>/Canary"; actions go to the topic', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
    const api = new GatewayRestApi(stack, 'Api', {
      apiName: 'pets',
      defaultAuthorization: Authorization.none(),
      stages: [{ name: 'prod', lambdaAlias: 'live', canary: Canary.lambdaAlias({ percentTraffic: 10, lambdaAlias: 'next' }) }],
    });
    api.addRoute('GET /a', Integration.lambdaAlias(fixtureFunction(stack, 'Fn')));
    const monitoring = new GatewayMonitoring(stack, 'Watch', {
      stage: api.stage('prod'),
      alarmAction: new cloudwatchActions.SnsAction(topic),
      serverErrorRate: 0.02,
      evaluationPeriods: 5,
      latencyP99: Duration.seconds(1),
      integrationLatencyP99: Duration.millis(800),
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: '5XXError',
      Dimensions: dims('prod/Canary'),
      Threshold: 0.02,
      EvaluationPeriods: 5,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
    });
    expect(monitoring.canaryServerErrorAlarm).toBeDefined();
  });

  test('the dashboard shows requests, error rates, latency, cache hits and misses, and the alarms', () => {
    const { stack } = monitored({ dashboardName: 'pets-prod' });
    const dashboard = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'))[0] as any;
    expect(dashboard.Properties.DashboardName).toBe('pets-prod');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const metric of ['Count', '5XXError', '4XXError', 'Latency', 'IntegrationLatency', 'CacheHitCount', 'CacheMissCount']) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
    expect(body).toContain('alarm');
  });

  test('metric helpers address the stage', () => {
    const { api } = monitored();
    const stage = api.stage('prod');
    expect(stage.metricLatency().toMetricConfig().metricStat).toMatchObject({ metricName: 'Latency', statistic: 'p99', dimensions: expect.arrayContaining([{ name: 'Stage', value: 'prod' }]) });
    expect(stage.metricCacheHitCount().toMetricConfig().metricStat?.statistic).toBe('Sum');
    expect(stage.metricCount({ period: Duration.minutes(5) }).period.toMinutes()).toBe(5);
  });

  test('a dashboard name CloudWatch rejects is a synth error; a token is left to deploy time', () => {
    // GIVEN / WHEN a dashboard name with a character CloudWatch does not allow
    // THEN the library's error names it (not aws-cdk-lib's)
    expect(() => monitored({ dashboardName: 'pets/prod' })).toThrow(/\[DashboardNameInvalid\] dashboardName "pets\/prod" is not a CloudWatch dashboard name/);
    expect(() => monitored({ dashboardName: Aws.STACK_NAME })).not.toThrow();
  });

  test.each([
    ['an error rate above 1', { serverErrorRate: 5 }, /serverErrorRate must be between 0 and 1, got 5/],
    ['a negative client error rate', { clientErrorRate: -0.1 }, /clientErrorRate must be between 0 and 1/],
    ['no evaluation period', { evaluationPeriods: 0 }, /evaluationPeriods must be between 1 and 1440/],
    ['a zero latency threshold', { latencyP99: Duration.millis(0) }, /latencyP99 must be more than 0 ms/],
  ])('%s is a synth error', (_what, options, message) => {
    expect(() => monitored(options)).toThrow(message);
  });
});
