package dev.juliapod.cli;

import static dev.juliapod.cli.DefaultsOptions.given;

import dev.juliapod.plan.OperatorDefaultsBuilder;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where Pkg gets packages for JuliaPods that say nothing: a platform team's registries, package
 * server and credentials Secret; part of {@link DefaultsOptions}.
 */
final class PackageSourceOptions {
  @Option(
      names = "--julia-registry",
      paramLabel = "URL",
      split = ",",
      defaultValue = "${env:JULIAPOD_JULIA_REGISTRIES}",
      description =
          "Julia registry every JuliaPod gets besides General and its own"
              + " spec.julia.registries, by git URL; repeatable or comma-separated"
              + " (JULIAPOD_JULIA_REGISTRIES).")
  List<String> registries;

  @Option(
      names = "--pkg-server",
      paramLabel = "URL",
      defaultValue = "${env:JULIAPOD_PKG_SERVER}",
      description =
          "Package server (JULIA_PKG_SERVER) for JuliaPods without spec.julia.pkgServer, e.g. a"
              + " company mirror (JULIAPOD_PKG_SERVER; default Julia's own).")
  String pkgServer;

  @Option(
      names = "--julia-credentials-secret",
      paramLabel = "NAME",
      defaultValue = "${env:JULIAPOD_JULIA_CREDENTIALS_SECRET}",
      description =
          "Secret with git and package-server credentials, in each JuliaPod's namespace, for"
              + " JuliaPods without spec.julia.credentialsSecret; with --build-namespace, builds"
              + " use the one of this name there (JULIAPOD_JULIA_CREDENTIALS_SECRET).")
  String credentialsSecret;

  OperatorDefaultsBuilder applyTo(OperatorDefaultsBuilder builder, CommandLine cli) {
    List<String> urls = given(registries);
    if (urls != null) {
      for (String url : urls) {
        check(
            cli,
            "--julia-registry",
            url,
            "^(https?://|ssh://|git@)[A-Za-z0-9._~:/@%+=,-]+$",
            "a git URL such as https://github.com/acme/AcmeRegistry.git");
      }
    }
    String server = given(pkgServer);
    check(cli, "--pkg-server", server, "^https?://[A-Za-z0-9._~:/@%+=,-]+$", "an http(s) URL");
    String secret = given(credentialsSecret);
    check(
        cli,
        "--julia-credentials-secret",
        secret,
        "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$",
        "a Secret name");
    return builder.juliaRegistries(urls).pkgServer(server).credentialsSecret(secret);
  }

  private static void check(
      CommandLine cli, String option, String value, String pattern, String what) {
    if (value != null && !value.matches(pattern)) {
      throw new ParameterException(cli, option + " '" + value + "' is not " + what);
    }
  }
}
