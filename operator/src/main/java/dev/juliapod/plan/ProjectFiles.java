package dev.juliapod.plan;

/**
 * The two files of a JuliaPod's project with the names to use in messages: a spec field for inline
 * projects, `ConfigMap name, key K` for referenced ones, a path on the command line.
 */
public record ProjectFiles(
    String projectToml, String projectLabel, String manifestToml, String manifestLabel) {}
