import { Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeOwnRolePolicy } from './acknowledgments';
import { addInternalDomain } from './internal-domain';
import { acknowledgePlainHttpBackends, addOrdersRoutes } from './internal-orders';
import { HEALTH_HANDLER_CODE, petsHandler } from './pets-handler';
import { sampleKey } from './sample-key';
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
      flowLogs: {
        all: {
          trafficType: ec2.FlowLogTrafficType.ALL,
          destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: sampleKey(this) })),
        },
      },
    });
    acknowledgeOwnRolePolicy(vpc.node.findChild('all'));
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
      logGroupEncryptionKey: sampleKey(this),
    });
    acknowledgePlainHttpBackends(this.api.stages);
    Validations.of(this.api.stage('internal')).acknowledge({
      id: 'NIST.800.53.R5-APIGWAssociatedWithWAF',
      reason: 'The API is private: only the VPC\'s execute-api endpoint reaches it, and that admits HTTPS from inside the VPC alone, so no internet traffic arrives for a web ACL to filter.',
    });
    const handler = petsHandler(this, 'InventoryHandler', HEALTH_HANDLER_CODE);
    this.api.addRoute('GET /inventory', Integration.lambda(handler), { operationId: 'listInventory', authorization: Authorization.none() });
    addOrdersRoutes(this, this.api, vpc);
    addInternalDomain(this, vpc, executeApi, this.api);
  }
}
