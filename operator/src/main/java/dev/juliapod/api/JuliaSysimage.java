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
 * One distinct sysimage build, named by the hash of its inputs and used by every JuliaPod whose
 * plan hashes the same (docs/design.md, "Sharing"). Singular and plural written out: see {@link
 * JuliaPod}.
 */
@Group(JuliaPod.GROUP)
@Version(JuliaPod.VERSION)
@ShortNames("jsi")
@Singular("juliasysimage")
@Plural("juliasysimages")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Image", jsonPath = ".status.image", priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class JuliaSysimage extends CustomResource<JuliaSysimageSpec, JuliaSysimageStatus>
    implements Namespaced {}
