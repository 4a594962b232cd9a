package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A baked package (name, uuid, version) or a stripped one (name, uuid, reason) in status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PackageInfo {
  public String name;
  public String uuid;
  public String version;
  public String reason;

  public PackageInfo() {}

  public PackageInfo(String name, String uuid, String version, String reason) {
    this.name = name;
    this.uuid = uuid;
    this.version = version;
    this.reason = reason;
  }
}
