package dev.juliapod.julia;

import java.util.List;
import java.util.Map;

/**
 * Where each entry sits in the Manifest text, so that a stripped Manifest keeps every kept entry
 * byte for byte. An entry's block runs from its `[[deps.Name]]` header through its own sub-tables
 * (`[deps.Name.extensions]`, ...) and the blank lines that follow, up to the next header that is
 * not one of its sub-tables.
 *
 * @param text the Manifest as read
 * @param lines the text split after each line break, terminators kept
 * @param blocks entry uuid to {first line, end line} (0-based, end exclusive)
 * @param projectHashLine 0-based line of `project_hash`, or -1
 */
record ManifestLayout(
    String text, List<String> lines, Map<String, int[]> blocks, int projectHashLine) {}
