package io.dvstream.broker.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A throw-away certificate authority and a broker certificate it signed, written as PKCS12 key and
 * trust stores: enough for a TLS listener on this machine (tests, a local secure broker). Built with
 * the JDK's own classes only (key generation, ECDSA signing, certificate parsing, PKCS12 stores);
 * the certificate bytes are assembled by {@link Der}.
 *
 * <p>The broker certificate names the listener host and, always, {@code 127.0.0.1} and
 * {@code localhost} in its subject alternative names, so clients keep Kafka's default hostname
 * verification ({@code ssl.endpoint.identification.algorithm=https}) on. Keys are EC P-256 and
 * signatures ECDSA with SHA-256. Not for production: the CA key is not kept.
 */
public final class SelfSignedTls {

    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    private static final String EC_PUBLIC_KEY_SIGNATURE = "SHA256withECDSA";
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";

    private SelfSignedTls() {
    }

    /**
     * Writes {@code broker.p12}, {@code truststore.p12} and {@code ca.pem} into {@code dir}.
     *
     * @param host the address clients put in bootstrap.servers (an IP address or a host name)
     * @param password of the stores and the key (at least 6 characters)
     * @throws TlsSetupException if the JDK cannot generate or store the material, or the files cannot be written
     */
    public static TlsStores generate(Path dir, String host, String password, Duration validity) {
        try {
            Files.createDirectories(dir);
            SecureRandom random = new SecureRandom();
            ZonedDateTime from = ZonedDateTime.now(ZoneOffset.UTC).minusHours(1).withNano(0);
            ZonedDateTime to = from.plus(validity);

            KeyPair caKeys = ecKeys(random);
            byte[] caName = name("dvstream local CA " + Long.toHexString(random.nextLong()));
            X509Certificate ca = certificate(caName, caName, caKeys.getPublic(), caKeys.getPrivate(), from, to, random,
                    Der.sequence(
                            extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true))),
                            // keyCertSign (bit 5) and cRLSign (bit 6): 0b0000_0110, 1 unused bit.
                            extension(KEY_USAGE, true, Der.tlv(0x03, new byte[] {1, 0x06}))));

            KeyPair brokerKeys = ecKeys(random);
            X509Certificate broker = certificate(caName, name(host), brokerKeys.getPublic(), caKeys.getPrivate(), from, to, random,
                    Der.sequence(extension(SUBJECT_ALT_NAME, false, subjectAltNames(host))));
            broker.verify(caKeys.getPublic());

            char[] pw = password.toCharArray();
            TlsStores stores = new TlsStores(dir.resolve("broker.p12"), dir.resolve("truststore.p12"), dir.resolve("ca.pem"), password);
            KeyStore keystore = KeyStore.getInstance(TlsStores.STORE_TYPE);
            keystore.load(null, null);
            keystore.setKeyEntry("broker", brokerKeys.getPrivate(), pw, new Certificate[] {broker, ca});
            store(keystore, stores.keystore(), pw);
            KeyStore truststore = KeyStore.getInstance(TlsStores.STORE_TYPE);
            truststore.load(null, null);
            truststore.setCertificateEntry("dvstream-ca", ca);
            store(truststore, stores.truststore(), pw);
            Files.writeString(stores.caCertificatePem(), "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            return stores;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException("cannot create TLS key and trust stores in " + dir + ": " + e, e);
        }
    }

    private static KeyPair ecKeys(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    /** Name ::= SEQUENCE OF RelativeDistinguishedName; here a single CN. */
    private static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8(commonName))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** GeneralNames with iPAddress [7] for addresses and dNSName [2] for names. */
    private static byte[] subjectAltNames(String host) throws UnknownHostException {
        Set<String> names = new LinkedHashSet<>(List.of(host, "127.0.0.1", "localhost"));
        List<byte[]> encoded = new ArrayList<>();
        for (String n : names) {
            if (n.matches("[0-9.]+") || n.contains(":")) {
                encoded.add(Der.implicitPrimitive(7, InetAddress.getByName(n).getAddress()));
            } else {
                encoded.add(Der.implicitPrimitive(2, n.getBytes(StandardCharsets.US_ASCII)));
            }
        }
        return Der.sequence(encoded.toArray(byte[][]::new));
    }

    /** TBSCertificate (RFC 5280, 4.1), signed by {@code signer}, parsed back by the JDK. */
    private static X509Certificate certificate(byte[] issuer, byte[] subject, PublicKey key, PrivateKey signer,
                                               ZonedDateTime from, ZonedDateTime to, SecureRandom random, byte[] extensions)
            throws GeneralSecurityException {
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)), // v3
                Der.integer(new BigInteger(63, random).add(BigInteger.ONE)),
                algorithm,
                issuer,
                Der.sequence(Der.utcTime(from), Der.utcTime(to)),
                subject,
                key.getEncoded(), // SubjectPublicKeyInfo, as the JDK encodes it
                Der.explicit(3, extensions));
        Signature s = Signature.getInstance(EC_PUBLIC_KEY_SIGNATURE);
        s.initSign(signer, random);
        s.update(tbs);
        byte[] der = Der.sequence(tbs, algorithm, Der.bitString(s.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    private static void store(KeyStore store, Path file, char[] password) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }
}
