package dev.juliapod.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages under dev.juliapod depend on each other one way only, read from the imports of the
 * main sources: a cycle means two packages that can only be understood, and changed, together.
 */
class PackageLayersTest {
  private static final Path MAIN =
      Path.of(System.getProperty("basedir", ".")).resolve("src/main/java/dev/juliapod");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import (?:static )?dev\\.juliapod\\.([a-z]+)\\.");

  static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .forEach(
              f -> {
                String pkg = MAIN.relativize(f).getName(0).toString();
                Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                try {
                  Matcher m = IMPORT.matcher(Files.readString(f));
                  while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                      uses.add(m.group(1));
                    }
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    return graph;
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    Map<String, Set<String>> graph = graph();
    assertThat(graph).containsKeys("api", "build", "julia", "operator", "plan", "session");
    List<String> cycles = new ArrayList<>();
    for (String start : graph.keySet()) {
      find(graph, start, start, new ArrayList<>(List.of(start)), cycles);
    }
    assertThat(cycles).as("import cycles between dev.juliapod packages: " + graph).isEmpty();
  }

  @Test
  void theModelLayersAreAtTheBottom() throws IOException {
    Map<String, Set<String>> graph = graph();
    assertThat(graph.get("julia")).as("julia: Project and Manifest rules, no Kubernetes").isEmpty();
    assertThat(graph.get("plan"))
        .as("plan: pure, knows no builder")
        .doesNotContain("build", "session", "operator", "cli", "client");
  }

  private static void find(
      Map<String, Set<String>> graph,
      String start,
      String at,
      List<String> path,
      List<String> cycles) {
    for (String next : graph.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        cycles.add(String.join(" -> ", path) + " -> " + start);
      } else if (!path.contains(next) && next.compareTo(start) > 0) {
        path.add(next);
        find(graph, start, next, path, cycles);
        path.remove(path.size() - 1);
      }
    }
  }
}
