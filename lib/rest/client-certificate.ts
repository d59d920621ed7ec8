import { Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { GatewayValidationError } from '../core/errors';

/**
 * A client certificate that API Gateway generates for one stage
 * (`AWS::ApiGateway::ClientCertificate`), which the stage presents to its
 * HTTP backends so that they can tell that a request comes from API Gateway.
 */
export interface StageClientCertificateOptions {
  /**
   * The certificate's description.
   * @default - names the API and the stage
   */
  readonly description?: string;

  /**
   * A label of the certificate's generation. API Gateway's certificates are
   * valid for 365 days and are not renewed: change the label (e.g. `'2027'`)
   * to rotate, after adding the new certificate's public key to the backend's
   * trust store. The stage gets a new certificate, and CloudFormation deletes
   * the old one once the stage has switched.
   * @default '1'
   */
  readonly generation?: string;
}

/** An id of an API Gateway resource: letters and digits (a CfnClientCertificate's ref is a token). */
const RESOURCE_ID = /^[A-Za-z0-9]+$/;

/**
 * The client certificate id of a stage: the given `clientCertificateId` (checked), or the id of the
 * certificate created for `clientCertificate`; undefined without either.
 */
export function stageClientCertificateId(
  stage: Construct, apiName: string, stageName: string, id: string | undefined, generated: StageClientCertificateOptions | undefined,
): string | undefined {
  if (id !== undefined && generated !== undefined) {
    throw new GatewayValidationError(stage, 'ClientCertificateConflict', `stage ${stageName} sets both clientCertificateId and clientCertificate; keep clientCertificateId to present an existing certificate, or clientCertificate to have one generated for the stage.`);
  }
  if (id !== undefined) {
    if (!Token.isUnresolved(id) && !RESOURCE_ID.test(id)) {
      throw new GatewayValidationError(stage, 'ClientCertificateIdInvalid', `stage ${stageName}: clientCertificateId ${JSON.stringify(id)} is not a client certificate id (letters and digits, e.g. abc123, as get-client-certificates lists them, not an ARN); pass an apigw.CfnClientCertificate's ref, or clientCertificate: {} to have one generated.`);
    }
    return id;
  }
  if (generated === undefined) {
    return undefined;
  }
  const generation = generated.generation ?? '1';
  if (!RESOURCE_ID.test(generation) || generation.length > 32) {
    throw new GatewayValidationError(stage, 'ClientCertificateGenerationInvalid', `stage ${stageName}: clientCertificate generation ${JSON.stringify(generation)} must be 1 to 32 letters and digits, e.g. "2027"; it names the certificate's resource.`);
  }
  // Named by its generation: a new label is a new resource, so the stage moves to it before the old one is deleted.
  const certificate = new apigw.CfnClientCertificate(stage, `ClientCertificate${generation}`, {
    description: generated.description ?? `Presented by API ${apiName}, stage ${stageName}, to its HTTP backends (generation ${generation})`,
  });
  return certificate.ref;
}
