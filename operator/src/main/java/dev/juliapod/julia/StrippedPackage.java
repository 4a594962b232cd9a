package dev.juliapod.julia;

/** A package left out of the build environment, with the reason a person can follow. */
public record StrippedPackage(String name, String uuid, String reason) {
  @Override
  public String toString() {
    return name + ": " + reason;
  }
}
