package dev.juliapod.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A `WWW-Authenticate` header: `Bearer realm="...",service="...",scope="..."` or `Basic`. */
record Challenge(String scheme, Map<String, String> params) {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"|(\\w+)=([^,\\s]+)");

  static Optional<Challenge> parse(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String trimmed = header.strip();
    int space = trimmed.indexOf(' ');
    String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
    Map<String, String> params = new LinkedHashMap<>();
    if (space > 0) {
      Matcher m = PARAM.matcher(trimmed.substring(space + 1));
      while (m.find()) {
        params.put(
            m.group(1) != null
                ? m.group(1).toLowerCase(Locale.ROOT)
                : m.group(3).toLowerCase(Locale.ROOT),
            m.group(1) != null ? m.group(2) : m.group(4));
      }
    }
    return Optional.of(new Challenge(scheme, params));
  }

  boolean isBearer() {
    return scheme.equals("bearer");
  }
}
