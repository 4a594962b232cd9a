package dev.juliapod.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.SessionSpec;
import dev.juliapod.objects.PlannedObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The claims of SECURITY.md about what a JuliaPod can make the operator create, checked on the
 * objects it renders for a JuliaPod that sets every field a user can set.
 */
class SecurityTest {
  static final Path CRD =
      Path.of(System.getProperty("basedir", "."))
          .resolve("../crds/juliapods.juliapod.dev-v1.yml")
          .normalize();

  /** hello with every session and build field a user controls set to something. */
  static JuliaPod everythingSet() throws Exception {
    JuliaPod pod = PlanGoldenTest.hello();
    SessionSpec session = pod.getSpec().session;
    session.env = List.of(new EnvVar("SECRET_LOOKING", "x", null));
    session.nodeSelector = Map.of("pool", "gpu");
    session.tolerations = List.of(new Toleration("NoSchedule", "gpu", "Exists", null, null));
    session.juliaArgs = List.of("--optimize=3");
    session.idleTimeout = "2h"; // the activity sidecar too
    pod.getSpec().build.pushSecret = "registry-push";
    pod.getSpec().build.nodeSelector = Map.of("pool", "build");
    return pod;
  }

  static List<HasMetadata> rendered(JuliaPod pod, OperatorDefaults defaults) throws Exception {
    Plan plan = Planner.plan(pod, ProjectSources.inline(pod), defaults);
    return PlannedObjects.all(plan, ProjectSources.inline(pod), "registry/x@sha256:0", List.of());
  }

  static <T> T only(List<HasMetadata> objects, Class<T> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast).findFirst().orElseThrow();
  }

  @Test
  void sessionPodsRunRestrictedWithoutTokenHostAccessOrSecretsButTheClusterCookie()
      throws Exception {
    PodSpec spec = only(rendered(everythingSet(), OperatorDefaults.builtIn()), Pod.class).getSpec();

    assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(spec.getAutomountServiceAccountToken()).isFalse();
    assertThat(spec.getServiceAccountName()).isNull();
    assertThat(spec.getHostNetwork()).isNull();
    assertThat(spec.getHostPID()).isNull();
    assertThat(spec.getHostIPC()).isNull();
    assertThat(spec.getVolumes())
        .allSatisfy(v -> assertThat(v.getHostPath()).as(v.getName()).isNull());
    // The JuliaPod's own Distributed.jl cookie, read-only, for the REPL alone.
    assertThat(spec.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getSecret().getSecretName()).endsWith("-cluster-cookie");
              assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440);
            });
    assertThat(
            Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream())
                .filter(
                    c ->
                        c.getVolumeMounts().stream()
                            .anyMatch(m -> "cluster-cookie".equals(m.getName()))))
        .extracting(Container::getName)
        .containsExactly("julia");
    List<Container> containers =
        Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream()).toList();
    assertThat(containers)
        .extracting(Container::getName)
        .containsExactly("prepare", "julia", "activity");
    assertThat(containers)
        .allSatisfy(
            c -> {
              assertThat(c.getSecurityContext().getPrivileged()).as(c.getName()).isNull();
              assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
              assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
              assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
              assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
              assertThat(c.getEnvFrom()).isNullOrEmpty();
              assertThat(c.getEnv()).allSatisfy(e -> assertThat(e.getValueFrom()).isNull());
            });
  }

  @Test
  void thePushSecretIsMountedInTheBuildPodOnly() throws Exception {
    List<HasMetadata> objects = rendered(everythingSet(), OperatorDefaults.builtIn());
    PodSpec build = only(objects, Job.class).getSpec().getTemplate().getSpec();

    assertThat(build.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactly("registry-push");
    assertThat(build.getAutomountServiceAccountToken()).isFalse();
    assertThat(build.getContainers().get(0).getSecurityContext()).isNull(); // Kaniko: root
    assertThat(build.getVolumes()).extracting(Volume::getHostPath).containsOnlyNulls();
    // Elsewhere the Secret is only named, in the JuliaSysimage's build settings.
    String everythingElse =
        new ObjectMapper()
            .writeValueAsString(
                objects.stream()
                    .filter(
                        o -> !(o instanceof Job) && !(o instanceof dev.juliapod.api.JuliaSysimage))
                    .toList());
    assertThat(everythingElse).doesNotContain("registry-push");
  }

  @Test
  void theCredentialsSecretIsMountedReadOnlyWherePkgAndGitLookAndNowhereElse() throws Exception {
    JuliaPod pod = everythingSet();
    pod.getSpec().julia.credentialsSecret = "julia-credentials";
    pod.getSpec().julia.pkgServer = "https://pkg.acme.example";
    List<HasMetadata> objects = rendered(pod, OperatorDefaults.builtIn());
    PodSpec session = only(objects, Pod.class).getSpec();
    PodSpec build = only(objects, Job.class).getSpec().getTemplate().getSpec();

    assertThat(session.getVolumes())
        .filteredOn(v -> v.getSecret() != null && !v.getName().equals("cluster-cookie"))
        .allSatisfy(
            v -> {
              assertThat(v.getSecret().getSecretName()).isEqualTo("julia-credentials");
              assertThat(v.getSecret().getDefaultMode()).as("owner and fsGroup").isEqualTo(0440);
            })
        .hasSize(1);
    assertThat(build.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactlyInAnyOrder("registry-push", "julia-credentials");
    for (PodSpec spec : List.of(session, build)) {
      Set<String> secretVolumes =
          spec.getVolumes().stream()
              .filter(v -> v.getSecret() != null && !v.getName().equals("cluster-cookie"))
              .map(Volume::getName)
              .collect(java.util.stream.Collectors.toSet());
      Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream())
          .flatMap(c -> c.getVolumeMounts().stream())
          .filter(m -> secretVolumes.contains(m.getName()))
          .forEach(
              m -> {
                assertThat(m.getReadOnly()).as(m.getMountPath()).isTrue();
                assertThat(m.getMountPath()).matches("/run/juliapod/credentials|/kaniko/\\.docker");
              });
    }
    assertThat(
            build.getVolumes().stream()
                .filter(
                    v ->
                        "julia-credentials"
                            .equals(v.getSecret() == null ? null : v.getSecret().getSecretName()))
                .map(v -> v.getSecret().getDefaultMode()))
        .as("the executor runs as root; ssh refuses a key others can read")
        .containsOnly(0400);
  }

  @Test
  void aServiceAccountNeedsTheOperatorsPermission() throws Exception {
    JuliaPod pod = everythingSet();
    pod.getSpec().session.serviceAccountName = "cluster-admin-ish";

    assertThatThrownBy(() -> rendered(pod, OperatorDefaults.builtIn()))
        .hasMessageStartingWith(
            "spec.session.serviceAccountName \"cluster-admin-ish\" is not"
                + " one the operator allows (none)");
    PodSpec allowed =
        only(
                rendered(
                    pod,
                    OperatorDefaults.builtIn().toBuilder()
                        .allowedServiceAccounts(List.of("cluster-admin-ish"))
                        .build()),
                Pod.class)
            .getSpec();
    assertThat(allowed.getServiceAccountName()).isEqualTo("cluster-admin-ish");
    assertThat(allowed.getAutomountServiceAccountToken()).isTrue();
  }

  /**
   * What a JuliaPod can say about its pods at all. A new field here needs a line in SECURITY.md:
   * volumes, security contexts, host namespaces and the like are absent on purpose, and the API
   * server drops fields the schema does not know.
   */
  @Test
  void theSchemaOffersNoVolumesSecurityContextsOrHostAccess() throws Exception {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(CRD.toFile());
    JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");

    assertThat(fields(spec.at("/session/properties")))
        .containsExactly(
            "env",
            "idleTimeout",
            "imagePullSecrets",
            "juliaArgs",
            "nodeSelector",
            "resources",
            "serviceAccountName",
            "suspend",
            "threads",
            "tolerations",
            "workspace");
    assertThat(fields(spec.at("/build/properties")))
        .containsExactly(
            "cacheRepository",
            "deadlineSeconds",
            "executorImage",
            "nodeSelector",
            "pushSecret",
            "repository",
            "resources",
            "systemPackages",
            "tolerations");
  }

  @Test
  void aSessionCannotReadSecretsThroughItsEnvironment() throws Exception {
    JuliaPod pod = everythingSet();
    pod.getSpec().session.env =
        List.of(
            new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                .withName("TOKEN")
                .withNewValueFrom()
                .withNewSecretKeyRef(".dockerconfigjson", "registry-push", null)
                .endValueFrom()
                .build());

    assertThatThrownBy(() -> rendered(pod, OperatorDefaults.builtIn()))
        .hasMessageStartingWith(
            "spec.session.env[0] (TOKEN) reads Secret registry-push: the"
                + " operator does not put Secrets into sessions");
  }

  private static List<String> fields(JsonNode properties) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return new ArrayList<>(new TreeSet<>(names));
  }
}
