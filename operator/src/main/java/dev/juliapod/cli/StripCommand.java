package dev.juliapod.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.juliapod.julia.BakedPackage;
import dev.juliapod.julia.EnvironmentFiles;
import dev.juliapod.julia.InvalidEnvironmentException;
import dev.juliapod.julia.JuliaEnvironment;
import dev.juliapod.julia.JuliaVersion;
import dev.juliapod.julia.StripResult;
import dev.juliapod.julia.StrippedPackage;
import dev.juliapod.julia.Stripper;
import dev.juliapod.julia.SysimagePolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "strip",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Strip a Julia project down to the environment its sysimage build uses.",
      "Reads PROJECT_DIR/Project.toml and the Manifest Julia would read (Manifest-vX.Y.toml"
          + " first where there is one), keeps the packages the policy bakes"
          + " and what they need, and removes the rest, saying why for each package.",
      "Without --output or --json, prints the stripped Manifest.toml."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:the output could not be written",
      "2:bad input (files, policy or options); the message says which"
    })
final class StripCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "PROJECT_DIR",
      description = "Folder with Project.toml and Manifest.toml.")
  Path projectDir;

  @Option(
      names = "--policy",
      paramLabel = "POLICY",
      defaultValue = "pinned",
      converter = PolicyConverter.class,
      completionCandidates = PolicyConverter.class,
      description =
          "Which direct dependencies to bake: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE}).")
  SysimagePolicy policy;

  @Option(
      names = "--package",
      paramLabel = "NAME",
      description = "With --policy explicit: a direct dependency to bake. Repeat for more.")
  List<String> packages = new ArrayList<>();

  @Option(
      names = "--julia-version",
      paramLabel = "VERSION",
      description =
          "The Julia that reads the project: picks Manifest-vX.Y.toml where Julia"
              + " would (default: the newest versioned Manifest, else Manifest.toml).")
  String juliaVersion;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Write DIR/Project.toml and DIR/Manifest.toml and print a summary.")
  Path output;

  @Option(
      names = "--json",
      description = "Print the report as JSON: baked, stripped (with reasons) and hash.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JuliaVersion version;
    try {
      version = juliaVersion == null ? null : JuliaVersion.parse(juliaVersion);
    } catch (IllegalArgumentException e) {
      err.println("juliapod strip: --julia-version " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    StripResult result;
    try {
      result =
          Stripper.strip(
              JuliaEnvironment.load(EnvironmentFiles.find(projectDir, version)), policy, packages);
    } catch (InvalidEnvironmentException e) {
      err.println("juliapod strip: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    if (output != null) {
      try {
        if (Files.exists(output) && Files.isSameFile(output, projectDir)) {
          err.println(
              "juliapod strip: --output "
                  + output
                  + " is the project folder itself;"
                  + " choose another folder so the project's own files stay as they are");
          return CommandLine.ExitCode.USAGE;
        }
        StripOutput.write(output, result);
      } catch (IOException e) {
        err.println("juliapod strip: cannot write " + output + ": " + e.getMessage());
        return CommandLine.ExitCode.SOFTWARE;
      }
    }
    if (json) {
      out.println(toJson(result));
    } else if (output != null) {
      StripOutput.summary(result, output, out);
    } else {
      out.print(result.manifestToml());
    }
    out.flush();
    return CommandLine.ExitCode.OK;
  }

  /** The `--json` document; its field names are part of the command's interface. */
  record Report(
      String policy, List<BakedPackage> baked, List<StrippedPackage> stripped, String hash) {}

  static String toJson(StripResult result) {
    try {
      return new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(
              new Report(result.policy().id(), result.baked(), result.stripped(), result.hash()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("records of strings always serialise", e);
    }
  }
}
