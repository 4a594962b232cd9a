package dev.juliapod.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The `juliapod` command line: one subcommand per job. */
@Command(
    name = "juliapod",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Fast interactive Julia dev pods on Kubernetes, with the pinned packages"
            + " baked into a PackageCompiler sysimage.",
    subcommands = {
      ReplCommand.class,
      SyncCommand.class,
      StatusCommand.class,
      LogsCommand.class,
      StopCommand.class,
      StartCommand.class,
      WorkersCommand.class,
      DeleteCommand.class,
      OperatorCommand.class,
      PlanCommand.class,
      StripCommand.class
    })
public final class JuliaPodCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final Context context;

  JuliaPodCommand(Context context) {
    this.context = context;
  }

  Context context() {
    return context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  /** The command line with the settings every entry point (main, tests) should share. */
  public static CommandLine commandLine() {
    return commandLine(Context.system());
  }

  static CommandLine commandLine(Context context) {
    return new CommandLine(new JuliaPodCommand(context));
  }

  public static void main(String[] args) {
    CommonPool.atLeastTwo(); // first: the JDK reads it once, when ForkJoinPool is first used
    System.exit(commandLine().execute(args));
  }
}
