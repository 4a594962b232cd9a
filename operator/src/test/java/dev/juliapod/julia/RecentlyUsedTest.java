package dev.juliapod.julia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentlyUsedTest {
  @Test
  void theLeastRecentlyUsedGoFirstBeyondTheCount() {
    RecentlyUsed<String, Integer> kept = new RecentlyUsed<>(2, 1_000, String::length);
    kept.put("a", 1);
    kept.put("b", 2);
    assertThat(kept.get("a")).isEqualTo(1); // now b is the least recently used
    kept.put("c", 3);
    assertThat(kept.get("b")).isNull();
    assertThat(kept.get("a")).isEqualTo(1);
    assertThat(kept.get("c")).isEqualTo(3);
    assertThat(kept.size()).isEqualTo(2);
  }

  @Test
  void theWeightOfTheKeysIsBounded() {
    RecentlyUsed<String, Integer> kept = new RecentlyUsed<>(100, 10, String::length);
    kept.put("aaaa", 1);
    kept.put("bbbb", 2);
    kept.put("cccc", 3); // 12 characters: the oldest goes
    assertThat(kept.get("aaaa")).isNull();
    assertThat(kept.size()).isEqualTo(2);
    kept.put("bbbb", 4); // replacing a value does not count its key twice
    kept.put("dd", 5);
    assertThat(kept.size()).isEqualTo(3);
    kept.put("x".repeat(11), 6); // heavier than the bound alone: nothing stays
    assertThat(kept.size()).isZero();
  }

  @Test
  void workIsDoneOnceAndOnlyAnAnswerIsKept() throws Exception {
    RecentlyUsed<String, String> kept = new RecentlyUsed<>(10, 1_000, String::length);
    AtomicInteger calls = new AtomicInteger();
    assertThat(kept.get("a", () -> "A" + calls.incrementAndGet())).isEqualTo("A1");
    assertThat(kept.get("a", () -> "A" + calls.incrementAndGet())).isEqualTo("A1");
    assertThat(kept.get("b", () -> null)).isNull(); // no answer: asked again next time
    assertThat(kept.get("b", () -> "B")).isEqualTo("B");
    assertThatThrownBy(
            () ->
                kept.get(
                    "c",
                    () -> {
                      throw new IOException("unreadable");
                    }))
        .hasMessage("unreadable");
    assertThat(kept.get("c")).isNull();
    assertThat(calls.get()).isEqualTo(1);
  }
}
