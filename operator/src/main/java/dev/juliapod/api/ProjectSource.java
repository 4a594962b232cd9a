package dev.juliapod.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.inline) != has(self.configMapRef)",
    message = "set exactly one of project.inline and project.configMapRef")
public class ProjectSource {
  @JsonPropertyDescription("The two files' text in the resource itself.")
  public InlineProject inline;

  @JsonPropertyDescription(
      "A ConfigMap in the same namespace holding the two files; changes to"
          + " it are picked up without touching the JuliaPod.")
  public ConfigMapProjectRef configMapRef;
}
