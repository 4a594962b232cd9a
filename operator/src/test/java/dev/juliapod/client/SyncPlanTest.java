package dev.juliapod.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The push rules, file by file: here, in the session, and what the last push left. */
class SyncPlanTest {
  @Test
  void theFolderWinsWhereTheSessionStillHasWhatWasPushed() {
    SyncPlan plan =
        SyncPlan.of(
            Map.of("same.jl", "a", "edited.jl", "b2", "new.jl", "c", "gone-there.jl", "d"),
            Map.of("same.jl", "a", "edited.jl", "b1"),
            Map.of("same.jl", "a", "edited.jl", "b1", "gone-there.jl", "d"),
            false);
    assertThat(plan.upload()).containsExactly("edited.jl", "gone-there.jl", "new.jl");
    assertThat(plan.delete()).isEmpty();
    assertThat(plan.pushed())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("same.jl", "a", "edited.jl", "b2", "new.jl", "c", "gone-there.jl", "d"));
    assertThat(plan.warnings()).isEmpty();
  }

  /**
   * The session's prepare step writes a stub src/<Name>.jl for a package project and records it as
   * pushed (session/SessionFiles): the real file from the folder replaces it.
   */
  @Test
  void aStubTheSessionRecordedAsPushedIsReplaced() {
    SyncPlan plan =
        SyncPlan.of(
            Map.of("src/MyAnalysis.jl", "real"),
            Map.of("src/MyAnalysis.jl", "stub"),
            Map.of("src/MyAnalysis.jl", "stub"),
            false);
    assertThat(plan.upload()).containsExactly("src/MyAnalysis.jl");
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void localDeletionsRemoveOnlyUntouchedCopies() {
    SyncPlan plan =
        SyncPlan.of(
            Map.of(),
            Map.of("deleted.jl", "a", "edited-there.jl", "x", "made-there.csv", "m"),
            Map.of("deleted.jl", "a", "edited-there.jl", "b", "already-gone.jl", "c"),
            false);
    assertThat(plan.delete()).containsExactly("deleted.jl");
    assertThat(plan.upload()).isEmpty();
    assertThat(plan.pushed()).isEmpty();
  }

  @Test
  void sessionEditsAreKeptUnlessForced() {
    Map<String, String> here = Map.of("both.jl", "here", "session.jl", "p", "first.jl", "f1");
    Map<String, String> there = Map.of("both.jl", "there", "session.jl", "s", "first.jl", "f2");
    Map<String, String> before = Map.of("both.jl", "p", "session.jl", "p");

    SyncPlan kept = SyncPlan.of(here, there, before, false);
    assertThat(kept.upload()).isEmpty();
    assertThat(kept.conflicts()).containsExactly("both.jl", "first.jl");
    assertThat(kept.changedInSession()).containsExactly("session.jl");
    assertThat(kept.pushed())
        .as("still what was pushed, so the edit stays visible")
        .containsExactlyInAnyOrderEntriesOf(before);
    assertThat(kept.warnings()).hasSize(2);

    SyncPlan forced = SyncPlan.of(here, there, before, true);
    assertThat(forced.upload()).containsExactly("both.jl", "first.jl", "session.jl");
    assertThat(forced.pushed()).containsExactlyInAnyOrderEntriesOf(here);
  }

  @Test
  void pathsFromTheSessionRecordCannotLeaveTheWorkspace() {
    SyncPlan plan =
        SyncPlan.of(
            Map.of(),
            Map.of("../../etc/passwd", "a", "/etc/hosts", "b", "src/../x", "c"),
            Map.of("../../etc/passwd", "a", "/etc/hosts", "b", "src/../x", "c"),
            false);
    assertThat(plan.delete()).isEmpty();
  }
}
