/**
 * TLS material for the embedded broker's SASL_SSL listener: {@link io.dvstream.broker.tls.SelfSignedTls}
 * makes a throw-away CA and a broker certificate with the JDK's classes alone.
 */
package io.dvstream.broker.tls;
