package dev.juliapod.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Julia project with a pinned-package policy, served as an interactive REPL pod. The singular and
 * plural are written out, as Kubernetes has them: fabric8's CustomResource constructor otherwise
 * works the plural out from the kind with Pluralize's regular expressions (HasMetadata.getPlural,
 * fabric8 kubernetes-client v7.5.2) for every object it makes, each watch event and each copy.
 */
@Group(JuliaPod.GROUP)
@Version(JuliaPod.VERSION)
@ShortNames("jp")
@Singular("juliapod")
@Plural("juliapods")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Sysimage", jsonPath = ".status.sysimage")
@AdditionalPrinterColumn(name = "Workers", jsonPath = ".status.workers.ready")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class JuliaPod extends CustomResource<JuliaPodSpec, JuliaPodStatus> implements Namespaced {
  public static final String GROUP = "juliapod.dev";
  public static final String VERSION = "v1alpha1";
}
