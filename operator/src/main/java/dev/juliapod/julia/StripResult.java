package dev.juliapod.julia;

import java.util.List;

/**
 * The environment the sysimage build uses, and why it differs from the user's.
 *
 * @param baked the remaining Project deps, in Project order
 * @param stripped every non-stdlib package left out, causes before consequences
 * @param prunedStdlibs stdlib entries no remaining package needs; they ship with Julia, so they
 *     stay loadable in the image and are not reported as stripped
 * @param keptUnbaked dropped direct dependencies that stay in the Manifest because a package
 *     project's own entry needs them (Pkg keeps that entry's closure); they are not baked
 * @param projectToml the stripped Project.toml text
 * @param manifestToml the stripped Manifest.toml text
 * @param hash content hash of the stripped environment ({@link EnvironmentHash})
 * @param changed false when nothing was dropped and both texts equal the input
 */
public record StripResult(
    SysimagePolicy policy,
    List<BakedPackage> baked,
    List<StrippedPackage> stripped,
    List<String> prunedStdlibs,
    List<String> keptUnbaked,
    String projectToml,
    String manifestToml,
    String hash,
    boolean changed) {}
