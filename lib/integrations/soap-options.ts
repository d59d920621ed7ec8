import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';

/** Options for `Integration.soap()`. */
export interface SoapIntegrationOptions {
  /** The operation's XML namespace, e.g. `http://example.com/quotes`. */
  readonly namespace: string;

  /** The operation's element name, e.g. `GetQuote`. */
  readonly operation: string;

  /** The JSON body's top-level fields sent as the operation's child elements, in the service's order. */
  readonly requestFields: string[];

  /** The JSON response's fields, each taken from the text of an XML element of the response: `{ price: 'Price' }`. */
  readonly responseFields: { [jsonField: string]: string };

  /**
   * The `SOAPAction` header (SOAP 1.1).
   * @default - an empty SOAPAction ("")
   */
  readonly soapAction?: string;

  /**
   * How long API Gateway waits for the service before answering 504.
   * @default Duration.seconds(29)
   */
  readonly timeout?: Duration;

  /**
   * A VPC link, for a service in a VPC behind a Network Load Balancer.
   * @default - the service is reached over the internet
   */
  readonly vpcLink?: apigw.IVpcLink;
}
