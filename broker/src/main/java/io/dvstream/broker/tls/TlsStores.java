package io.dvstream.broker.tls;

import java.nio.file.Path;

/**
 * Key and trust stores for a TLS listener, as {@link SelfSignedTls} writes them (PKCS12, one
 * password for store and key).
 *
 * @param keystore the broker's private key and certificate chain (broker, CA)
 * @param truststore the CA certificate: what clients (and brokers) trust
 * @param caCertificatePem the same CA certificate as PEM, for clients outside Java
 *     ({@code ssl.truststore.type=PEM}, librdkafka's {@code ssl.ca.location}, openssl)
 * @param password of both stores and of the key
 */
public record TlsStores(Path keystore, Path truststore, Path caCertificatePem, String password) {

    public static final String STORE_TYPE = "PKCS12";

    public TlsStores {
        if (keystore == null || truststore == null || caCertificatePem == null) {
            throw new IllegalArgumentException("keystore, truststore and caCertificatePem must not be null");
        }
        if (password == null || password.length() < 6) {
            throw new IllegalArgumentException("password must have at least 6 characters (a PKCS12 store needs one)");
        }
    }

    /** Without the password: records print every component otherwise. */
    @Override
    public String toString() {
        return "TlsStores[keystore=" + keystore + ", truststore=" + truststore + ", caCertificatePem=" + caCertificatePem
                + ", password=[redacted]]";
    }
}
