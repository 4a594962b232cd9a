package dev.juliapod.julia;

/** A package compiled into the sysimage; version is null for a stdlib without one. */
public record BakedPackage(String name, String uuid, String version) {}
