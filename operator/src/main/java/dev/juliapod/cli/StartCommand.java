package dev.juliapod.cli;

import picocli.CommandLine.Command;

@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Start a stopped session again (spec.session.suspend unset), or bring back one stopped"
            + " for idleness without changing its spec (the juliapod.dev/resume annotation).")
final class StartCommand extends SuspendCommand {
  @Override
  boolean suspend() {
    return false;
  }
}
