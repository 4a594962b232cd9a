package dev.juliapod.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the juliapod command line in-process, capturing what it prints. */
record Cli(int exit, String out, String err) {
  static Cli run(String... args) {
    return run(Context.system(), args);
  }

  static Cli run(Context context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = JuliaPodCommand.commandLine(context);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }
}
