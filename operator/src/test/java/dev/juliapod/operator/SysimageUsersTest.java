package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Who uses a sysimage, from the two sources without a server: what passes said in this process,
 * and, for JuliaPods no pass has been through yet (after a restart), their status.
 */
class SysimageUsersTest {
  private static final ResourceID OLD = new ResourceID("jsi-old", "team");
  private static final ResourceID NEW = new ResourceID("jsi-new", "team");

  /** The JuliaPod informer's store with its indexers, as fabric8 keeps them. */
  private static final class Store implements IndexerResourceCache<JuliaPod> {
    final Map<ResourceID, JuliaPod> pods = new LinkedHashMap<>();
    final Map<String, Function<JuliaPod, List<String>>> indexers = new HashMap<>();

    @Override
    public void addIndexers(Map<String, Function<JuliaPod, List<String>>> more) {
      indexers.putAll(more);
    }

    @Override
    public List<JuliaPod> byIndex(String index, String key) {
      List<JuliaPod> found = new ArrayList<>();
      for (JuliaPod pod : pods.values()) {
        if (indexers.get(index).apply(pod).contains(key)) {
          found.add(pod);
        }
      }
      return found;
    }

    @Override
    public Optional<JuliaPod> get(ResourceID id) {
      return Optional.ofNullable(pods.get(id));
    }

    @Override
    public Stream<ResourceID> keys() {
      return pods.keySet().stream();
    }

    @Override
    public Stream<JuliaPod> list(Predicate<JuliaPod> predicate) {
      return pods.values().stream().filter(predicate);
    }

    @Override
    public Stream<JuliaPod> list(String namespace, Predicate<JuliaPod> predicate) {
      return list(predicate.and(p -> namespace.equals(p.getMetadata().getNamespace())));
    }

    JuliaPod add(String name, String sysimage) {
      JuliaPod pod = new JuliaPod();
      pod.getMetadata().setName(name);
      pod.getMetadata().setNamespace("team");
      pod.getMetadata().setUid(name + "-uid");
      pod.getMetadata().setCreationTimestamp("2026-11-30T08:00:0" + pods.size() + "Z");
      pod.setStatus(new JuliaPodStatus());
      pod.getStatus().sysimage = sysimage;
      pods.put(ResourceID.fromResource(pod), pod);
      return pod;
    }
  }

  private static List<String> names(List<JuliaPod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).toList();
  }

  @Test
  void afterARestartTheUsersAreThoseWhoseStatusNamesIt() {
    Store store = new Store();
    SysimageUsers users = new SysimageUsers();
    users.bind(store);
    store.add("alice", "jsi-old");
    store.add("bob", "jsi-old");
    store.add("carol", "jsi-new");

    // No pass has run in this process: the status is all there is.
    assertThat(names(users.of(OLD))).containsExactly("alice", "bob");
    assertThat(names(users.of(NEW))).containsExactly("carol");
  }

  @Test
  void whatAPassSaidOverridesTheStatusItHasNotWrittenYet() {
    Store store = new Store();
    SysimageUsers users = new SysimageUsers();
    users.bind(store);
    JuliaPod alice = store.add("alice", "jsi-old");
    JuliaPod bob = store.add("bob", null);

    users.use(alice, NEW); // an edit moved her; her status still names the old one
    users.use(bob, NEW); // a new JuliaPod, before its first status write
    assertThat(users.of(OLD)).isEmpty();
    assertThat(names(users.of(NEW))).containsExactly("alice", "bob"); // oldest first

    users.use(bob, null); // now on a prebuilt image
    assertThat(names(users.of(NEW))).containsExactly("alice");
  }

  @Test
  void aJuliaPodGoneFromTheStoreIsNoUserWhateverWasSaid() {
    Store store = new Store();
    SysimageUsers users = new SysimageUsers();
    users.bind(store);
    JuliaPod alice = store.add("alice", "jsi-old");
    users.use(alice, OLD);

    store.pods.remove(ResourceID.fromResource(alice)); // deleted, its delete pass not run yet
    assertThat(users.of(OLD)).isEmpty();

    users.gone(alice);
    assertThat(users.of(OLD)).isEmpty();
  }
}
