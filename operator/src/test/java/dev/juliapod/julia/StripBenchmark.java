package dev.juliapod.julia;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the cost of a strip on a 2,000-entry Manifest once the files are parsed (what the operator
 * repeats for each plan), and of parsing the two files (once per change of input). Run by
 * bin/bench; figures in BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StripBenchmark {
  @Param("2000")
  int entries;

  String projectToml;
  String manifestToml;
  JuliaEnvironment env;

  @Setup
  public void setUp() throws Exception {
    EnvBuilder b = LargeProject.generate(entries, 1);
    projectToml = b.projectToml();
    manifestToml = b.manifestV2();
    env = JuliaEnvironment.parse(projectToml, "Project.toml", manifestToml, "Manifest.toml");
  }

  /** Decide, render both files and hash: everything after parsing. */
  @Benchmark
  public StripResult strip() throws Exception {
    return Stripper.strip(env, SysimagePolicy.PINNED);
  }

  @Benchmark
  public JuliaEnvironment parse() throws Exception {
    return JuliaEnvironment.parse(projectToml, "Project.toml", manifestToml, "Manifest.toml");
  }
}
