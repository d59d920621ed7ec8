import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { HEALTH_HANDLER_CODE, petsHandler } from './pets-handler';
import { Authorization, CloudWatchRole, Endpoint, GatewayRestApi, Integration } from '../lib';

const VPC_CIDR = '10.20.0.0/16';

/** Properties of the internal API's stack. */
export interface InternalStackProps extends StackProps {
  /** Who provides the account's API Gateway logging role. */
  readonly cloudWatchRole?: CloudWatchRole;
}

/**
 * An internal API reachable only from a VPC, through an interface endpoint for
 * execute-api. No context look-ups: the VPC is created here.
 */
export class InternalStack extends Stack {
  public readonly api: GatewayRestApi;

  constructor(scope: Construct, id: string, props: InternalStackProps = {}) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.ALL } },
    });
    const executeApi = vpc.addInterfaceEndpoint('ExecuteApi', {
      service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
      privateDnsEnabled: true,
      // Only HTTPS from inside the VPC reaches the endpoint.
      open: false,
    });
    executeApi.connections.allowFrom(ec2.Peer.ipv4(VPC_CIDR), ec2.Port.tcp(443), 'HTTPS from inside the VPC');

    this.api = new GatewayRestApi(this, 'InventoryApi', {
      description: 'Internal inventory API, private to the VPC',
      endpoint: Endpoint.private({ vpcEndpoints: [executeApi] }),
      cloudWatchRole: props.cloudWatchRole,
      stages: [{ name: 'internal' }],
    });
    const handler = petsHandler(this, 'InventoryHandler', HEALTH_HANDLER_CODE);
    this.api.addRoute('GET /inventory', Integration.lambda(handler), { operationId: 'listInventory', authorization: Authorization.none() });
  }
}
