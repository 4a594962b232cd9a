package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ConfigMap and Secret volumes laid out on disk the way the kubelet lays them out, so that whatever
 * reads them in a test meets what it meets in a pod: each key is a symlink {@code key ->
 * ..data/key}, {@code ..data} is a symlink to a hidden timestamped folder, and only that folder
 * holds regular files (kubernetes pkg/volume/util/atomic_writer.go, AtomicWriter.Write: "The
 * visible files in this volume are symlinks to files in the writer's data directory"). A program
 * that copies such a file without following the link copies a link that dangles anywhere else.
 */
public final class KubeletVolumes {
  private static final String DATA = "..data";
  private static final String STAMP = "..2026_11_30_04_17_04.1234567890";

  private KubeletVolumes() {}

  public static void configMap(ConfigMap map, List<KeyToPath> items, Path dir) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Objects.requireNonNullElse(map.getData(), Map.<String, String>of())
        .forEach((k, v) -> files.put(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    Objects.requireNonNullElse(map.getBinaryData(), Map.<String, String>of())
        .forEach((k, v) -> files.put(k, Base64.getDecoder().decode(v)));
    write(select(files, items), dir);
  }

  public static void secret(Secret secret, List<KeyToPath> items, Path dir) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Objects.requireNonNullElse(secret.getData(), Map.<String, String>of())
        .forEach((k, v) -> files.put(k, Base64.getDecoder().decode(v)));
    write(select(files, items), dir);
  }

  /** With items, only the listed keys appear, under their paths (the volume's `items`). */
  private static Map<String, byte[]> select(Map<String, byte[]> files, List<KeyToPath> items) {
    if (items == null || items.isEmpty()) {
      return files;
    }
    Map<String, byte[]> chosen = new LinkedHashMap<>();
    for (KeyToPath item : items) {
      if (files.containsKey(item.getKey())) {
        chosen.put(item.getPath(), files.get(item.getKey()));
      }
    }
    return chosen;
  }

  private static void write(Map<String, byte[]> files, Path dir) throws IOException {
    Path stamped = Files.createDirectories(dir.resolve(STAMP));
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path target = stamped.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
    Files.createSymbolicLink(dir.resolve(DATA), Path.of(STAMP));
    for (String key : files.keySet()) {
      // Only the first path segment is linked; deeper paths resolve through it.
      String top = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
      Path link = dir.resolve(top);
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, Path.of(DATA, top));
      }
    }
  }
}
