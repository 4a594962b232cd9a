package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.plan.BaseImage;
import dev.juliapod.registry.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Base image tags to digests, against a registry on loopback (mockwebserver3). */
class BaseImagesTest {
  static final String D1 = "sha256:" + "d1".repeat(32);
  static final String D2 = "sha256:" + "d2".repeat(32);
  final FakeRegistry registry = FakeRegistry.start();
  Instant now = Instant.parse("2026-11-30T00:00:00Z");
  final BaseImages bases =
      new BaseImages(
          TestBases.client(registry.host()),
          new Clock() {
            @Override
            public Instant instant() {
              return now;
            }

            @Override
            public java.time.ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }
          });

  @AfterEach
  void close() {
    registry.close();
  }

  String julia() {
    return registry.host() + "/library/julia:1.11.7";
  }

  @Test
  void aTagResolvesToTheDigestOfWhatItNamesAndIsAskedOnce() {
    registry.pushImage("library/julia", "1.11.7", D1);

    BaseImage first = bases.resolve(julia(), null, null);
    BaseImage second = bases.resolve(julia(), null, null);

    assertThat(first.ref()).isEqualTo(julia() + "@" + D1);
    assertThat(second).isEqualTo(first);
    assertThat(registry.requests).hasSize(1);
  }

  @Test
  void aRecordedDigestIsKeptWhenTheTagIsPushedAgainOrTheRegistryIsDown() {
    registry.pushImage("library/julia", "1.11.7", D2); // pushed again since it was recorded
    registry.failWith = 503;

    BaseImage kept = bases.resolve(julia(), julia() + "@" + D1, null);

    assertThat(kept.ref()).isEqualTo(julia() + "@" + D1);
    assertThat(registry.requests).isEmpty();
    // A digest recorded for another tag says nothing about this one.
    assertThat(
            bases
                .resolve(julia(), registry.host() + "/library/julia:1.10.5@" + D1, null)
                .isResolved())
        .isFalse();
  }

  @Test
  void aFailedLookupIsATagWithTheReasonAndIsAskedAgainAfterAWhile() {
    registry.failWith = 503;
    BaseImage down = bases.resolve(julia(), null, null);
    assertThat(down.ref()).isEqualTo(julia());
    assertThat(down.problem()).contains("answered 503");

    registry.failWith = 0;
    registry.pushImage("library/julia", "1.11.7", D1);
    assertThat(bases.resolve(julia(), null, null).isResolved()).as("within 30 s").isFalse();
    now = now.plus(BaseImages.RETRY).plusSeconds(1);
    assertThat(bases.resolve(julia(), null, null).ref()).isEqualTo(julia() + "@" + D1);
  }

  @Test
  void aDigestInTheSpecIsTakenAsWritten() {
    BaseImage pinned = bases.resolve(julia() + "@" + D1, null, null);
    assertThat(pinned.ref()).isEqualTo(julia() + "@" + D1);
    assertThat(registry.requests).isEmpty();
  }

  @Test
  void credentialsAreReadOnlyWhenTheRegistryAsksForThem() {
    registry.pushImage("library/julia", "1.11.7", D1);
    AtomicInteger asked = new AtomicInteger();
    bases.resolve(
        julia(),
        null,
        () -> {
          asked.incrementAndGet();
          return new Credentials("u", "p");
        });
    assertThat(asked).hasValue(0);
    now = now.plus(Duration.ofHours(1));
    registry.failWith = 401;
    bases.resolve(
        julia(),
        null,
        () -> {
          asked.incrementAndGet();
          return null;
        });
    assertThat(asked).hasValue(1);
  }
}
