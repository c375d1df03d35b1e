package io.paxoschat.config;

import java.nio.file.Path;

/**
 * Artery over TLS with mutual authentication, as the {@code tls} block of a cluster file turns
 * it on. {@code bin/gen-certs} fills {@code dir}: {@code truststore.p12} holds the cluster's CA
 * certificate, {@code <node>.p12} (e.g. {@code replica-0.p12}) a node's key and CA-signed
 * certificate; one password opens them all (a development setup).
 *
 * @param dir where the stores are; a relative path in the file counts from the file's directory
 */
public record TlsConfig(boolean enabled, Path dir, String password) {

  public static final String DEFAULT_PASSWORD = "changeit";
  public static final TlsConfig OFF = new TlsConfig(false, Path.of("certs"), DEFAULT_PASSWORD);

  public Path trustStore() {
    return dir.resolve("truststore.p12");
  }

  /** The key store of the node called {@code nodeName} ({@code replica-0}, {@code client-2}). */
  public Path keyStore(String nodeName) {
    return dir.resolve(nodeName + ".p12");
  }
}
