package io.dvstream.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedTlsTest {

    @Test
    void shouldWriteABrokerChainThatTheTrustStoreAcceptsForTheHost(@TempDir Path dir) throws Exception {
        TlsStores stores = SelfSignedTls.generate(dir, "127.0.0.1", "store-pass", Duration.ofDays(2));

        KeyStore keystore = load(stores.keystore(), "store-pass");
        Certificate[] chain = keystore.getCertificateChain("broker");
        assertThat(chain).hasSize(2);
        X509Certificate broker = (X509Certificate) chain[0];
        X509Certificate ca = (X509Certificate) chain[1];
        broker.verify(ca.getPublicKey());
        assertThat(broker.getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
        assertThat(broker.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0); // a CA
        assertThat(broker.getBasicConstraints()).isEqualTo(-1);
        assertThat(Duration.between(broker.getNotBefore().toInstant(), broker.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(2));

        // The JDK's own PKIX trust manager, as a Kafka client uses it, accepts the chain for an EC key exchange.
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(stores.truststore(), "store-pass"));
        ((X509TrustManager) tmf.getTrustManagers()[0]).checkServerTrusted(new X509Certificate[] {broker, ca}, "ECDHE_ECDSA");

        try (InputStream pem = Files.newInputStream(stores.caCertificatePem())) {
            assertThat(CertificateFactory.getInstance("X.509").generateCertificate(pem)).isEqualTo(ca);
        }
        assertThat(stores.toString()).doesNotContain("store-pass");
    }

    @Test
    void shouldNameAHostNameAsDnsNameAndGiveEachCallItsOwnCa(@TempDir Path dir) throws Exception {
        TlsStores a = SelfSignedTls.generate(dir.resolve("a"), "kafka-0.example", "store-pass", Duration.ofDays(1));
        TlsStores b = SelfSignedTls.generate(dir.resolve("b"), "kafka-0.example", "store-pass", Duration.ofDays(1));

        X509Certificate broker = (X509Certificate) load(a.keystore(), "store-pass").getCertificate("broker");
        assertThat(broker.getSubjectAlternativeNames()).contains(List.of(2, "kafka-0.example"));
        assertThat(load(a.truststore(), "store-pass").getCertificate("dvstream-ca"))
                .isNotEqualTo(load(b.truststore(), "store-pass").getCertificate("dvstream-ca"));
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }
}
