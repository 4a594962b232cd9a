package dev.juliapod.plan;

import dev.juliapod.api.SessionSpec;

/**
 * Everything the operator derives from one JuliaPod, computed without a cluster.
 *
 * @param podName the session pod (`<name>-repl`)
 * @param workspaceClaim the workspace PersistentVolumeClaim (`<name>-workspace`)
 * @param session the session settings with defaults filled in
 */
public record Plan(
    String namespace,
    String name,
    SysimagePlan sysimage,
    String podName,
    String workspaceClaim,
    SessionSpec session,
    String workspaceSize) {}
