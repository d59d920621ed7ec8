import { TreeInspector } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';

const PROPS_ATTRIBUTE = 'aws:cdk:cloudformation:props';

/**
 * The `AWS::ApiGateway::RestApi` of a `GatewayRestApi`. The construct tree's
 * metadata (`tree.json`) shows its properties without the body: the body is in
 * the template and in the OpenAPI files already, and a third copy would cost
 * a whole resolution of the largest value in the app on every synth.
 * @internal
 */
export class RestApiResource extends apigw.CfnRestApi {
  constructor(scope: Construct, id: string, props: apigw.CfnRestApiProps, private readonly awsOpenApiFile: string) {
    super(scope, id, props);
  }

  public inspect(inspector: TreeInspector): void {
    super.inspect(inspector);
    const props = inspector.attributes[PROPS_ATTRIBUTE];
    if (typeof props === 'object' && props !== null) {
      inspector.addAttribute(PROPS_ATTRIBUTE, { ...props, body: `see ${this.awsOpenApiFile} in the cloud assembly` });
    }
  }
}
