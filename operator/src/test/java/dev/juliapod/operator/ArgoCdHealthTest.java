package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.api.Phase;
import dev.juliapod.operator.StatusConditions.State;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** docs/argocd/health.lua, run by a Lua interpreter on statuses the operator writes. */
class ArgoCdHealthTest {
  static final Path DOCS =
      Path.of(System.getProperty("basedir", ".")).resolve("../docs/argocd").normalize();
  private static final KubernetesSerialization K8S = new KubernetesSerialization();

  record Health(String status, String message) {}

  static Health health(JuliaPod pod) throws Exception {
    Globals lua = JsePlatform.standardGlobals();
    lua.set("obj", toLua(new ObjectMapper().readTree(K8S.asJson(pod))));
    LuaValue result = lua.load(Files.readString(DOCS.resolve("health.lua"))).call();
    return new Health(result.get("status").tojstring(), result.get("message").tojstring());
  }

  static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }

  static JuliaPod pod(long generation, State state, Phase phase, String message) {
    JuliaPod pod = new JuliaPod();
    pod.setMetadata(new ObjectMetaBuilder().withName("hello").withGeneration(generation).build());
    if (state != null) {
      JuliaPodStatus status = new JuliaPodStatus();
      StatusConditions.apply(status, 2, state, phase, "Reason", message, Instant.EPOCH);
      pod.setStatus(status);
    }
    return pod;
  }

  @Test
  void mapsEveryStateTheOperatorWrites() throws Exception {
    assertThat(health(pod(1, null, null, null)))
        .isEqualTo(new Health("Progressing", "Waiting for the juliapod operator"));
    assertThat(health(pod(2, State.PROGRESSING, Phase.BUILDING, "building sysimage jsi-1")))
        .isEqualTo(new Health("Progressing", "building sysimage jsi-1"));
    assertThat(health(pod(2, State.READY, Phase.READY, "attach with: kubectl attach")))
        .isEqualTo(new Health("Healthy", "attach with: kubectl attach"));
    assertThat(health(pod(2, State.STALLED, Phase.FAILED, "sysimage build failed (OOMKilled)")))
        .isEqualTo(new Health("Degraded", "sysimage build failed (OOMKilled)"));
    assertThat(health(pod(2, State.SUSPENDED, Phase.SUSPENDED, "spec.session.suspend is true")))
        .isEqualTo(new Health("Suspended", "spec.session.suspend is true"));
    assertThat(health(pod(2, State.SUSPENDED, Phase.IDLE, "stopped at 2026-12-01T12:00:00Z")))
        .as("an idle session: waiting for `juliapod start`, not failing")
        .isEqualTo(new Health("Suspended", "stopped at 2026-12-01T12:00:00Z"));
    assertThat(health(pod(3, State.READY, Phase.READY, "old news")).status())
        .isEqualTo("Progressing");
  }

  @Test
  void theArgoCdConfigMapSnippetCarriesTheSameScript() throws Exception {
    JsonNode data =
        new ObjectMapper(new YAMLFactory())
            .readTree(DOCS.resolve("argocd-cm.yaml").toFile())
            .path("data");
    String lua = Files.readString(DOCS.resolve("health.lua"));
    assertThat(data.path("resource.customizations.health.juliapod.dev_JuliaPod").asText())
        .isEqualTo(lua);
    assertThat(data.path("resource.customizations.health.juliapod.dev_JuliaSysimage").asText())
        .isEqualTo(lua);
  }
}
