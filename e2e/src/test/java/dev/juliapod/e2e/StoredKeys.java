package dev.juliapod.e2e;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys fabric8's CRUD mock stores objects under, by resource, namespace and name, each name's
 * in the order of the mock's map (last written last), for {@link IndexedCrudDispatcher}. Not
 * thread-safe: the dispatcher guards it.
 */
final class StoredKeys {
  /** An object's key: resource (plural), namespace ("" when cluster-scoped) and name. */
  record Id(String plural, String namespace, String name) {
    /** The key the attributes name exactly, or null (a missing part or a wildcard). */
    static Id of(AttributeSet attributes) {
      String plural = value(attributes, KubernetesAttributesExtractor.PLURAL);
      String name = value(attributes, KubernetesAttributesExtractor.NAME);
      if (plural == null || name == null) {
        return null;
      }
      String namespace = value(attributes, KubernetesAttributesExtractor.NAMESPACE);
      return new Id(plural, namespace == null ? "" : namespace, name);
    }

    private static String value(AttributeSet attributes, String key) {
      Attribute attribute = single(attributes, key);
      String value = attribute == null ? null : attribute.getValues().get(0).toString();
      return value == null || value.equals("*") ? null : value; // "*" matches any value
    }
  }

  private final Map<Id, Set<AttributeSet>> byId = new HashMap<>();

  /**
   * Whether the request names an object with no name (PostHandler adds the body's name, null for
   * generateName), which the plain mock matches against nothing it stores: stored objects get a
   * name attribute only when they have a name ({@code KubernetesAttributesExtractor.extract}).
   */
  static boolean unnamed(AttributeSet attributes) {
    Attribute name = single(attributes, KubernetesAttributesExtractor.NAME);
    return name != null && name.getValues().get(0).toString() == null;
  }

  /** The attribute, if it asks for exactly one value. */
  private static Attribute single(AttributeSet attributes, String key) {
    Attribute attribute = attributes.getAttribute(key);
    return attribute == null
            || attribute.getType() != AttributeType.WITH
            || attribute.getValues().size() != 1
        ? null
        : attribute;
  }

  /** The stored keys of this Id, in the mock's order. */
  Collection<AttributeSet> named(Id id) {
    return byId.getOrDefault(id, Set.of());
  }

  void add(AttributeSet key) {
    Id id = Id.of(key);
    if (id != null) {
      byId.computeIfAbsent(id, unused -> new LinkedHashSet<>()).add(key);
    }
  }

  void remove(AttributeSet key) {
    Id id = Id.of(key);
    Set<AttributeSet> keys = id == null ? null : byId.get(id);
    if (keys != null && keys.remove(key) && keys.isEmpty()) {
      byId.remove(id);
    }
  }

  void clear() {
    byId.clear();
  }

  /** Whether these are exactly the {@code stored} keys, each Id's in their order. */
  boolean same(Collection<AttributeSet> stored) {
    Map<Id, List<AttributeSet>> expected = new HashMap<>();
    for (AttributeSet key : stored) {
      Id id = Id.of(key);
      if (id != null) {
        expected.computeIfAbsent(id, unused -> new ArrayList<>()).add(key);
      }
    }
    Map<Id, List<AttributeSet>> actual = new HashMap<>();
    byId.forEach((id, keys) -> actual.put(id, new ArrayList<>(keys)));
    return expected.equals(actual);
  }
}
