package io.paxoschat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version} for every command: the project version Maven records in the jar, so it
 * never drifts from pom.xml. Outside a built jar (tests, IDE) the version is unknown.
 */
public final class VersionProvider implements IVersionProvider {

  private static final String POM_PROPERTIES =
      "/META-INF/maven/io.paxoschat/paxos-chat/pom.properties";

  @Override
  public String[] getVersion() {
    return new String[] {"paxos-chat " + version()};
  }

  static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return "(version unknown: not running from the built jar)";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "(version unknown)");
    } catch (IOException e) {
      return "(version unknown)";
    }
  }
}
