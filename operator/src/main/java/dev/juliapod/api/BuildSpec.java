package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BuildSpec {
  @JsonPropertyDescription(
      "Image repository the sysimage is pushed to, e.g." + " registry.example.com/team/juliapod.")
  public String repository;

  @JsonPropertyDescription(
      "kubernetes.io/dockerconfigjson Secret with push credentials; mounted"
          + " in the build pod only.")
  public String pushSecret;

  @JsonPropertyDescription(
      "Kaniko executor image (default: the maintained fork's pinned"
          + " release, ghcr.io/osscontainertools/kaniko; upstream's last images work too).")
  public String executorImage;

  @JsonPropertyDescription(
      "Repository for Kaniko's layer cache (--cache-repo); default"
          + " <repository>-cache. Pushed to with the push Secret.")
  public String cacheRepository;

  @JsonPropertyDescription("Build pod resources; sysimage builds need several GiB of memory.")
  public ResourceRequirements resources;

  @Min(60)
  @JsonPropertyDescription("Seconds before a build is stopped and reported as failed.")
  public Long deadlineSeconds;

  public Map<String, String> nodeSelector;

  public List<Toleration> tolerations;

  @JsonPropertyDescription(
      "Debian packages to install in the image with apt-get (names as in Debian, e.g."
          + " libhdf5-dev); part of the image's content hash.")
  public List<String> systemPackages;
}
