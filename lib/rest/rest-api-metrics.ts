import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * A metric of the whole API: namespace `AWS/ApiGateway`, dimension `ApiName` only (every stage together),
 * over aws-cdk-lib's default period of 5 minutes, as aws-cdk-lib's `RestApi` makes them, so that code written
 * for an `apigw.RestApi` gets the same metric from a `GatewayRestApi`. (A `GatewayStage`'s metrics are per
 * stage and keep the library's own defaults.)
 * @param statistic the statistic `RestApi` uses for this metric (`metric()` itself sets none: CloudWatch's Average)
 */
export function restApiMetric(
  api: apigw.IRestApi, metricName: string, props: cloudwatch.MetricOptions = {}, statistic?: string,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/ApiGateway',
    metricName,
    dimensionsMap: { ApiName: api.restApiName },
    ...statistic !== undefined ? { statistic } : {},
    ...props,
  }).attachTo(api);
}
