package io.paxoschat.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The key stores bin/gen-certs writes for a cluster on this host, made in this JVM in a fraction
 * of a second (bin/gen-certs runs keytool, a JVM per step): a CA, {@code truststore.p12} with
 * the CA's certificate, and per node {@code <node>.p12} with its EC key under the alias
 * {@code node} and a certificate the CA signed, for 127.0.0.1 and localhost, as server and client.
 * The CA's own key is not kept: nothing signs with it later.
 */
final class ClusterCertificates {

  private static final String SIGNATURE = "SHA256withECDSA";
  private static final Duration VALIDITY = Duration.ofDays(2);
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private ClusterCertificates() {}

  /** Writes the trust store and a key store per node of {@code nodes} (e.g. replica-0) into {@code dir}. */
  static void write(Path dir, String password, String caName, List<String> nodes)
      throws IOException, GeneralSecurityException {
    Files.createDirectories(dir);
    KeyPair ca = newKeyPair();
    X509Certificate caCertificate = sign(caName, ca.getPublic(), caName, ca, true);
    KeyStore trust = emptyStore();
    trust.setCertificateEntry("ca", caCertificate);
    save(trust, dir.resolve("truststore.p12"), password);
    for (String node : nodes) {
      KeyPair key = newKeyPair();
      X509Certificate certificate = sign(node, key.getPublic(), caName, ca, false);
      KeyStore store = emptyStore();
      store.setKeyEntry("node", key.getPrivate(), password.toCharArray(), new Certificate[] {certificate, caCertificate});
      save(store, dir.resolve(node + ".p12"), password);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  /** A certificate for {@code subject}'s key: the CA's own (self-signed) or a node's, for TLS both ways. */
  private static X509Certificate sign(String subject, java.security.PublicKey key, String caName, KeyPair ca,
      boolean isCa) throws GeneralSecurityException, IOException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + caName),
        BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(VALIDITY)), new X500Name("CN=" + subject), key);
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key));
    builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca.getPublic()));
    if (isCa) {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    } else {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    }
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer(ca.getPrivate())));
  }

  private static org.bouncycastle.operator.ContentSigner signer(PrivateKey key) throws GeneralSecurityException {
    try {
      return new JcaContentSignerBuilder(SIGNATURE).build(key);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static void save(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
  }
}
