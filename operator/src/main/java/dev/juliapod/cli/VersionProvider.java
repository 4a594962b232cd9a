package dev.juliapod.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into juliapod.properties at build time. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("/juliapod.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    return new String[] {"juliapod " + properties.getProperty("version", "unknown")};
  }
}
