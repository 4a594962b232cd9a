package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.BuildSpec;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whose build settings a shared sysimage takes: the most memory, the oldest among equals. */
class BuildSteeringTest {
  static final ResourceRequirements DEFAULTS = resources("8Gi", "16Gi");

  static ResourceRequirements resources(String request, String limit) {
    return new ResourceRequirementsBuilder()
        .withRequests(Map.of("memory", new Quantity(request)))
        .withLimits(Map.of("memory", new Quantity(limit)))
        .build();
  }

  static JuliaPod user(String uid, ResourceRequirements asked) {
    JuliaPod pod = new JuliaPod();
    pod.setMetadata(new ObjectMetaBuilder().withName(uid).withUid(uid).build());
    pod.setSpec(new JuliaPodSpec());
    if (asked != null) {
      pod.getSpec().build = new BuildSpec();
      pod.getSpec().build.resources = asked;
    }
    return pod;
  }

  @Test
  void theUserAskingForTheMostMemorySteersWhateverItsAge() {
    JuliaPod small = user("small", resources("1Gi", "1Gi"));
    JuliaPod plain = user("plain", null); // the operator's 16Gi
    JuliaPod big = user("big", resources("8Gi", "32Gi"));
    List<JuliaPod> oldestFirst = List.of(small, plain, big);

    assertThat(BuildSteering.steers(oldestFirst, big, DEFAULTS)).isTrue();
    assertThat(BuildSteering.steers(oldestFirst, small, DEFAULTS)).isFalse();
    assertThat(BuildSteering.steers(List.of(small, plain), plain, DEFAULTS)).isTrue();
  }

  @Test
  void amongEqualsTheOldestSteersAndTheRequestBreaksATie() {
    JuliaPod first = user("first", null);
    JuliaPod second = user("second", resources("8Gi", "16Gi"));
    JuliaPod moreRequest = user("more", resources("12Gi", "16Gi"));

    assertThat(BuildSteering.steers(List.of(first, second), first, DEFAULTS)).isTrue();
    assertThat(BuildSteering.steers(List.of(first, second), second, DEFAULTS)).isFalse();
    assertThat(BuildSteering.steers(List.of(first, moreRequest), moreRequest, DEFAULTS)).isTrue();
  }

  @Test
  void aJuliaPodNotYetAmongTheUsersCountsAsTheYoungest() {
    JuliaPod known = user("known", null);
    JuliaPod newcomer = user("new", null);

    assertThat(BuildSteering.steers(List.of(), newcomer, DEFAULTS)).isTrue();
    assertThat(BuildSteering.steers(List.of(known), newcomer, DEFAULTS)).isFalse();
    assertThat(
            BuildSteering.steers(List.of(known), user("new", resources("1Gi", "64Gi")), DEFAULTS))
        .isTrue();
  }
}
