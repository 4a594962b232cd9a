package dev.juliapod.julia;

import java.util.Map;
import java.util.Set;

/**
 * A parsed Project.toml: what stripping reads. The text is kept because the stripped Project is the
 * same file with entries taken out.
 *
 * @param deps `[deps]` name to uuid, in file order
 * @param depLines `[deps]` name to its line, for messages
 * @param weakdeps `[weakdeps]` names
 * @param extras `[extras]` names
 */
public record Project(
    String file,
    String text,
    String name,
    String uuid,
    Map<String, String> deps,
    Map<String, Integer> depLines,
    Set<String> weakdeps,
    Set<String> extras) {}
