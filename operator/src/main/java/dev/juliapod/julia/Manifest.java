package dev.juliapod.julia;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlTable;

/** A parsed Manifest.toml: its entries by uuid, and the source layout the renderer splices. */
public final class Manifest {
  /** v1: top-level `[[Name]]`; v2 (2.0, 2.1): `manifest_format` and `[[deps.Name]]`. */
  public enum Format {
    V1,
    V2
  }

  private final String file;
  private final Format format;
  private final TomlTable document;
  private final Map<String, PackageEntry> byUuid;
  private final ManifestLayout layout;

  Manifest(
      String file,
      Format format,
      TomlTable document,
      List<PackageEntry> entries,
      ManifestLayout layout) {
    this.file = file;
    this.format = format;
    this.document = document;
    this.layout = layout;
    Map<String, PackageEntry> map = new LinkedHashMap<>();
    for (PackageEntry entry : entries) {
      map.put(entry.uuid(), entry);
    }
    this.byUuid = map;
  }

  public String file() {
    return file;
  }

  public Format format() {
    return format;
  }

  public Collection<PackageEntry> entries() {
    return byUuid.values();
  }

  public PackageEntry entry(String uuid) {
    return byUuid.get(uuid);
  }

  public boolean contains(String uuid) {
    return byUuid.containsKey(uuid);
  }

  /** The file's text as read. */
  public String text() {
    return layout.text();
  }

  public int size() {
    return byUuid.size();
  }

  /**
   * The file's top-level keys as parsed (the entries too, or not: see {@link ManifestSections});
   * those other than entries matter for the hash.
   */
  TomlTable document() {
    return document;
  }

  ManifestLayout layout() {
    return layout;
  }
}
