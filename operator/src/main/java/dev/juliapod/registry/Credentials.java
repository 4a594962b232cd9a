package dev.juliapod.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A registry user name and password (or token). Never printed: toString hides both. */
public record Credentials(String username, String password) {
  String basicHeader() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[redacted]";
  }
}
