package dev.juliapod.cli;

import picocli.CommandLine.Command;

@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Stop the session pod (spec.session.suspend: true); keep the workspace and"
            + " the sysimage.")
final class StopCommand extends SuspendCommand {
  @Override
  boolean suspend() {
    return true;
  }
}
