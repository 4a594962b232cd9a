package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.plan.BaseImage;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.PlanException;
import dev.juliapod.plan.Planner;
import dev.juliapod.plan.ProjectSources;
import dev.juliapod.registry.RegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Base images for tests that run the operator: a registry on loopback that has every tag of
 * `library/julia`, so the operator resolves base images to digests as it does in a cluster, and no
 * test depends on whether Docker Hub can be reached from where it runs.
 */
public final class TestBases {
  private static FakeRegistry registry;

  private TestBases() {}

  public static synchronized FakeRegistry registry() {
    if (registry == null) {
      registry = FakeRegistry.start();
      registry.pushImage("library/julia", "*", null);
    }
    return registry;
  }

  public static String host() {
    return registry().host();
  }

  /** The operator's base image pattern for tests (its --julia-image). */
  public static String pattern() {
    return host() + "/library/julia:{version}";
  }

  /** Built-in defaults with this base registry, reached over plain HTTP. */
  public static OperatorDefaults defaults(String repository) {
    return OperatorDefaults.builtIn().toBuilder()
        .repository(repository)
        .baseImage(pattern())
        .insecureRegistries(List.of(host()))
        .build();
  }

  /**
   * What the operators of tests run with besides their settings: an informer whose watch fails
   * lists and watches again, as a restarted operator's would, and is never left stopped.
   *
   * <p>fabric8 7.5.2 stops an informer on any WatcherException that is not "gone" (Reflector's
   * default exception handler), a JDK ProtocolException on the watch included
   * (AbstractWatchManager.watchEnded: "informers could generally try relisting in this case, but
   * for now would need to override the exceptionHandler"). java-operator-sdk's default handler for
   * a stopped informer then exits the process (ConfigurationService.getInformerStoppedHandler),
   * which is right for a deployed operator: Kubernetes restarts it and it lists everything again.
   * Here an exit ends every test of the fork, and only logging the stop left an operator with a
   * dead informer: objects of that kind were never reconciled again (a JuliaSysimage without status
   * or Job for two minutes, once on CI). fabric8's mock server now and then sends a watch frame the
   * JDK client refuses ("Invalid UTF-8 in frame TEXT"). Without stopOnInformerErrorDuringStartup,
   * java-operator-sdk gives each informer a handler that retries everything but a deserialization
   * error (InformerWrapper.start), so the informer relists instead; one that still stops is said on
   * stderr.
   */
  public static void inTests(
      io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider o) {
    o.withStopOnInformerErrorDuringStartup(false)
        .withInformerStoppedHandler(
            (informer, cause) ->
                System.err.println(
                    "informer of "
                        + informer.getApiTypeClass().getSimpleName()
                        + " stopped in a test: "
                        + cause));
  }

  /**
   * The operator's clock and intervals in these tests: a missing push Secret is looked for every 2
   * s, a build Job without a pod is reported after 1 s, sessions are asked for their activity every
   * 0.3 s.
   */
  public static Timings timings() {
    return Timings.standard()
        .withRegistryRecheck(Duration.ofSeconds(5))
        .withSecretRecheck(Duration.ofSeconds(2))
        .withBuildPodPatience(Duration.ofSeconds(1))
        .withSysimageRetention(Duration.ofSeconds(2))
        .withActivityInterval(Duration.ofMillis(300));
  }

  /** How tests ask registries: this one and {@code others}, over plain HTTP. */
  public static RegistryClient client(String... others) {
    List<String> hosts = new ArrayList<>(List.of(others));
    hosts.add(host());
    return new RegistryClient(Duration.ofSeconds(2), hosts);
  }

  /** The plan the operator makes for an inline JuliaPod, its base image resolved here. */
  public static Plan plan(JuliaPod pod, OperatorDefaults defaults) throws PlanException {
    String reference = Planner.baseImage(pod, defaults);
    BaseImage base =
        reference == null
            ? null
            : BaseImage.of(reference, null).isResolved()
                ? BaseImage.of(reference, null)
                : reference.startsWith(host() + "/library/julia:")
                    ? BaseImage.resolved(
                        reference,
                        FakeRegistry.digestOf(
                            "library/julia:" + reference.substring(reference.lastIndexOf(':') + 1)))
                    : null;
    return Planner.plan(pod, ProjectSources.inline(pod), defaults, base);
  }
}
