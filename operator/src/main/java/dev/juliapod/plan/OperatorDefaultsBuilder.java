package dev.juliapod.plan;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Flags and chart values over the built-in defaults, each where it was given. */
public final class OperatorDefaultsBuilder {
  private String baseImage;
  private String executorImage;
  private String repository;
  private String pushSecret;
  private String cacheRepository;
  private String arch;
  private ResourceRequirements buildResources;
  private final long buildDeadlineSeconds;
  private ResourceRequirements sessionResources;
  private final String workspaceSize;
  private List<String> insecureRegistries;
  private List<String> allowedServiceAccounts;
  private List<String> imagePullSecrets;
  private List<String> juliaRegistries;
  private String pkgServer;
  private String credentialsSecret;
  private BuildRules builds;
  private String idleTimeout;

  OperatorDefaultsBuilder(OperatorDefaults from) {
    baseImage = from.baseImage();
    executorImage = from.executorImage();
    repository = from.repository();
    pushSecret = from.pushSecret();
    cacheRepository = from.cacheRepository();
    arch = from.arch();
    buildResources = from.buildResources();
    buildDeadlineSeconds = from.buildDeadlineSeconds();
    sessionResources = from.sessionResources();
    workspaceSize = from.workspaceSize();
    insecureRegistries = from.insecureRegistries();
    allowedServiceAccounts = from.allowedServiceAccounts();
    imagePullSecrets = from.imagePullSecrets();
    juliaRegistries = from.juliaRegistries();
    pkgServer = from.pkgServer();
    credentialsSecret = from.credentialsSecret();
    builds = from.builds();
    idleTimeout = from.idleTimeout();
  }

  public OperatorDefaultsBuilder baseImage(String value) {
    baseImage = or(value, baseImage);
    return this;
  }

  public OperatorDefaultsBuilder executorImage(String value) {
    executorImage = or(value, executorImage);
    return this;
  }

  public OperatorDefaultsBuilder repository(String value) {
    repository = or(value, repository);
    return this;
  }

  public OperatorDefaultsBuilder pushSecret(String value) {
    pushSecret = or(value, pushSecret);
    return this;
  }

  public OperatorDefaultsBuilder cacheRepository(String value) {
    cacheRepository = or(value, cacheRepository);
    return this;
  }

  public OperatorDefaultsBuilder arch(String value) {
    arch = or(value, arch);
    return this;
  }

  public OperatorDefaultsBuilder insecureRegistries(List<String> value) {
    insecureRegistries = or(value, insecureRegistries);
    return this;
  }

  public OperatorDefaultsBuilder allowedServiceAccounts(List<String> value) {
    allowedServiceAccounts = or(value, allowedServiceAccounts);
    return this;
  }

  public OperatorDefaultsBuilder imagePullSecrets(List<String> value) {
    imagePullSecrets = or(value, imagePullSecrets);
    return this;
  }

  /** The build pods' CPU and memory requests and memory limit, where not null. */
  public OperatorDefaultsBuilder buildResources(String cpu, String memory, String memoryLimit) {
    buildResources =
        new ResourceRequirementsBuilder()
            .withRequests(overridden(buildResources.getRequests(), cpu, memory))
            .withLimits(overridden(buildResources.getLimits(), null, memoryLimit))
            .build();
    return this;
  }

  /** The session pods' requests and limits, where not null. */
  public OperatorDefaultsBuilder sessionResources(
      String cpu, String memory, String cpuLimit, String memoryLimit) {
    sessionResources =
        new ResourceRequirementsBuilder()
            .withRequests(overridden(sessionResources.getRequests(), cpu, memory))
            .withLimits(overridden(sessionResources.getLimits(), cpuLimit, memoryLimit))
            .build();
    return this;
  }

  public OperatorDefaultsBuilder juliaRegistries(List<String> value) {
    juliaRegistries = or(value, juliaRegistries);
    return this;
  }

  public OperatorDefaultsBuilder pkgServer(String value) {
    pkgServer = or(value, pkgServer);
    return this;
  }

  public OperatorDefaultsBuilder credentialsSecret(String value) {
    credentialsSecret = or(value, credentialsSecret);
    return this;
  }

  /** A zero timeout ("0") is kept: it says "never", like no default at all. */
  public OperatorDefaultsBuilder idleTimeout(String value) {
    idleTimeout = or(value, idleTimeout);
    return this;
  }

  public OperatorDefaultsBuilder builds(BuildRules value) {
    builds = or(value, builds);
    return this;
  }

  public OperatorDefaults build() {
    return new OperatorDefaults(
        baseImage,
        executorImage,
        repository,
        pushSecret,
        cacheRepository,
        arch,
        buildResources,
        buildDeadlineSeconds,
        sessionResources,
        workspaceSize,
        insecureRegistries,
        allowedServiceAccounts,
        imagePullSecrets,
        juliaRegistries,
        pkgServer,
        credentialsSecret,
        builds,
        idleTimeout);
  }

  private static <T> T or(T given, T current) {
    return given != null ? given : current;
  }

  private static Map<String, Quantity> overridden(
      Map<String, Quantity> values, String cpu, String memory) {
    Map<String, Quantity> out = new TreeMap<>(values == null ? Map.of() : values);
    override(out, "cpu", cpu);
    override(out, "memory", memory);
    return out;
  }

  private static void override(Map<String, Quantity> values, String key, String value) {
    if (value != null) {
      values.put(key, new Quantity(value));
    }
  }
}
