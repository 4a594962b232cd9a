package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.policy != 'Explicit' || (has(self.packages) && size(self.packages) > 0)",
    message = "policy Explicit needs sysimage.packages: the direct dependencies to bake")
@ValidationRule(
    value = "self.policy == 'Explicit' || !has(self.packages) || size(self.packages) == 0",
    message = "sysimage.packages is only used by policy Explicit")
public class SysimageSpec {
  @Default("Pinned")
  @JsonPropertyDescription(
      "Pinned: bake pinned direct deps (default). Strict: also drop unpinned"
          + " packages behind unpinned direct deps. Registered: drop path- and url-tracked packages."
          + " Explicit: bake `packages`. None: no sysimage.")
  public Policy policy = Policy.Pinned;

  @JsonPropertyDescription("With policy Explicit: the direct dependencies to bake.")
  public List<String> packages;

  @JsonPropertyDescription("Julia code run while PackageCompiler traces, to compile what it calls.")
  public String precompileScript;

  @JsonPropertyDescription("PackageCompiler cpu_target; the default runs on any x86-64 node.")
  public String cpuTarget;
}
