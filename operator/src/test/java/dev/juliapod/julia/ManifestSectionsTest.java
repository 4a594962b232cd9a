package dev.juliapod.julia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * Reading a Manifest entry by entry must give what reading the whole file gives, and must step
 * aside (so the whole file is read, and its messages name the line) whenever it cannot be sure.
 */
class ManifestSectionsTest {
  private static final String HEADER =
      "# This file is machine-generated - editing it directly is not advised\n\n"
          + "julia_version = \"1.10.4\"\nmanifest_format = \"2.0\"\nproject_hash = \"abc\"\n\n";
  private static final String EXAMPLE =
      "[[deps.Example]]\n"
          + "deps = [\"Markdown\"]\n"
          + "git-tree-sha1 = \"46e44e869b4d90b96bd8ed1fdcf32244fddfb6cc\"\n"
          + "uuid = \"7876af07-990d-54b4-ab0e-23690620f79a\"\n"
          + "version = \"0.5.3\"\n\n"
          + "    [deps.Example.extensions]\n"
          + "    ExampleMarkdownExt = \"Markdown\"\n\n"
          + "    [deps.Example.weakdeps]\n"
          + "    Markdown = \"d6f4376e-aef5-505a-96c1-9c027394607a\"\n\n";
  private static final String MARKDOWN =
      "[[deps.Markdown]]\n"
          + "uuid = \"d6f4376e-aef5-505a-96c1-9c027394607a\"\n"
          + "version = \"1.11.0\"\n\n";

  static Stream<Path> fixtures() throws Exception {
    return RealManifestsTest.fixtures();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aRealManifestReadsByEntryAsItReadsWhole(Path dir) throws Exception {
    JuliaEnvironment env = RealManifestsTest.withPins(JuliaEnvironment.load(dir));
    String text = env.manifest().text();
    assertThat(ManifestSections.read(text, "Manifest.toml")).as("read by entry").isNotNull();
    assertSame(ManifestReader.read(text, "Manifest.toml"), ManifestReader.whole(text, "M"));

    // What the operator makes of it: the stripped files and the hash the image tag comes from.
    JuliaEnvironment whole =
        new JuliaEnvironment(env.project(), ManifestReader.whole(text, "Manifest.toml"));
    for (SysimagePolicy policy : List.of(SysimagePolicy.PINNED, SysimagePolicy.STRICT)) {
      assertThat(Stripper.strip(env, policy)).isEqualTo(Stripper.strip(whole, policy));
    }
  }

  @Test
  void manifestsThatShareEntriesShareTheirParse() throws Exception {
    Manifest first = ManifestReader.read(HEADER + EXAMPLE + MARKDOWN, "a/Manifest.toml");
    Manifest second =
        ManifestReader.read(
            HEADER.replace("abc", "def") + EXAMPLE + MARKDOWN.replace("1.11.0", "1.11.1"),
            "b/Manifest.toml");
    String example = "7876af07-990d-54b4-ab0e-23690620f79a";
    String markdown = "d6f4376e-aef5-505a-96c1-9c027394607a";
    assertThat(second.entry(example).table()).isSameAs(first.entry(example).table());
    assertThat(second.entry(markdown).table()).isNotSameAs(first.entry(markdown).table());
    assertThat(second.entry(markdown).version()).isEqualTo("1.11.1");
    assertThat(second.entry(markdown).line()).isEqualTo(first.entry(markdown).line());
  }

  @Test
  void anythingButOneEntryPerBlockIsReadWhole() throws Exception {
    ManifestReader.read(HEADER + EXAMPLE + MARKDOWN, "Manifest.toml"); // its blocks are kept now
    for (String text :
        List.of(
            // a table between entries
            HEADER + EXAMPLE + "[other]\nx = 1\n\n" + MARKDOWN,
            // a sub-table of another entry
            HEADER + EXAMPLE + MARKDOWN + "[deps.Example.more]\nx = 1\n",
            // the header defines deps
            HEADER + "[deps]\n" + EXAMPLE + MARKDOWN,
            // a v1 Manifest with a key before its entries
            "x = 1\n" + EXAMPLE.replace("deps.", "") + MARKDOWN.replace("deps.", ""),
            // v1 entries under a v2 header
            HEADER + EXAMPLE.replace("deps.", "") + MARKDOWN.replace("deps.", ""),
            // v2 entries, blocks read before, without manifest_format: a v1 file to Pkg
            "# no header\n\n" + EXAMPLE + MARKDOWN)) {
      assertThat(ManifestSections.read(text, "Manifest.toml")).as(text).isNull();
      assertSameOutcome(text);
    }
  }

  @Test
  void aMistakeIsReportedAtItsLineInTheFile() {
    String noUuid = HEADER + EXAMPLE + MARKDOWN.replace("uuid = ", "# uuid = ");
    String badToml = HEADER + EXAMPLE + MARKDOWN.replace("version = \"1.11.0\"", "version = 1.1.0");
    String missingDep = HEADER + EXAMPLE.replace("[\"Markdown\"]", "[\"Missing\"]") + MARKDOWN;
    for (String text : List.of(noUuid, badToml, missingDep)) {
      assertThat(ManifestSections.read(text, "Manifest.toml")).as(text).isNull();
      assertSameOutcome(text);
    }
    assertThatThrownBy(() -> ManifestReader.read(noUuid, "Manifest.toml"))
        .hasMessageContaining("Manifest.toml:19")
        .hasMessageContaining("has no uuid");
    assertThatThrownBy(() -> ManifestReader.read(badToml, "Manifest.toml"))
        .hasMessageContaining("Manifest.toml:21");
  }

  /** Both readers give the same Manifest, or the same message. */
  private static void assertSameOutcome(String text) {
    Object byReader;
    Object byWhole;
    try {
      byReader = describe(ManifestReader.read(text, "Manifest.toml"));
    } catch (InvalidEnvironmentException e) {
      byReader = e.getMessage();
    }
    try {
      byWhole = describe(ManifestReader.whole(text, "Manifest.toml"));
    } catch (InvalidEnvironmentException e) {
      byWhole = e.getMessage();
    }
    assertThat(byReader).as(text).isEqualTo(byWhole);
  }

  private static void assertSame(Manifest byEntry, Manifest whole) {
    assertThat(describe(byEntry)).isEqualTo(describe(whole));
  }

  /** Everything a reader of a Manifest can see, in a form that compares by value. */
  private static Map<String, Object> describe(Manifest manifest) {
    Map<String, Object> seen = new TreeMap<>();
    seen.put("format", manifest.format());
    seen.put(
        "entries",
        manifest.entries().stream()
            .map(
                e ->
                    List.of(
                        e.name(),
                        e.uuid(),
                        String.valueOf(e.version()),
                        e.pinned(),
                        e.source(),
                        String.valueOf(e.path()),
                        String.valueOf(e.repoUrl()),
                        new TreeMap<>(e.deps()),
                        e.table().toJson(),
                        e.line()))
            .toList());
    Map<String, List<Integer>> blocks = new TreeMap<>();
    manifest
        .layout()
        .blocks()
        .forEach((uuid, lines) -> blocks.put(uuid, List.of(lines[0], lines[1])));
    seen.put("blocks", blocks);
    seen.put("lines", manifest.layout().lines());
    seen.put("project_hash line", manifest.layout().projectHashLine());
    Map<String, Object> top = new TreeMap<>();
    for (String key : manifest.document().keySet()) {
      if (!key.equals("deps") || manifest.format() == Manifest.Format.V1) {
        Object value = manifest.document().get(List.of(key));
        top.put(
            key,
            value instanceof TomlTable table
                ? table.toJson()
                : value instanceof TomlArray array ? array.toJson() : String.valueOf(value));
      }
    }
    seen.put("top-level keys", manifest.format() == Manifest.Format.V2 ? top : "(v1)");
    return seen;
  }
}
