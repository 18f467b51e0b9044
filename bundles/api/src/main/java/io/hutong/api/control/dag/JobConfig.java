/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.control.dag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The job configuration of spec 20 §5.2 ({@code config}; {@code conf} in a job approval, A-05): who takes part in
 * which role, and the job- and task-level parameters per party.
 *
 * @param version    the configuration version (opaque, A-39), or null when the sender gave none
 * @param initiator  the initiating party
 * @param roles      role name ({@code guest}, {@code host}, {@code arbiter}…) → node ids; the position in the list is
 *                   the party's index in that role
 * @param jobParams  {@code job_params}
 * @param taskParams {@code task_params}
 */
public record JobConfig(String version, Party initiator, Map<String, List<String>> roles, JobParams jobParams,
                        TaskParams taskParams) {

    /** Role names appear in environment keys and topics ({@code <role>.<index>-<role>.<index>}): no dots or dashes. */
    public static final String ROLE_NAME = "[A-Za-z][A-Za-z0-9_]{0,63}";

    /** The key of the parameters every party shares, beside the role keys of {@code job_params}/{@code task_params}. */
    public static final String COMMON = "common";

    public JobConfig {
        Objects.requireNonNull(initiator, "initiator");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        roles.forEach((r, ids) -> copy.put(r, List.copyOf(ids)));
        roles = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(jobParams, "jobParams");
        Objects.requireNonNull(taskParams, "taskParams");
    }

    /**
     * A party of the job: a role and its index in that role's list ({@code guest.0}), with its node.
     *
     * @param role   the role name
     * @param index  the position in {@code config.role.<role>}
     * @param nodeId the node that plays it
     */
    public record Party(String role, int index, String nodeId) {
        public Party {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(nodeId, "nodeId");
        }

        /** @return {@code <role>.<index>}, as in {@code config.self_role} */
        @Override
        public String toString() {
            return role + "." + index;
        }
    }

    /**
     * {@code job_params}.
     *
     * @param common  parameters every party shares (e.g. {@code sync_type})
     * @param parties {@code <role>.<index>} → that party's parameters (e.g. {@code resources})
     */
    public record JobParams(Map<String, Object> common, Map<String, Map<String, Object>> parties) {
        public JobParams {
            common = Collections.unmodifiableMap(new LinkedHashMap<>(common));
            parties = Collections.unmodifiableMap(new LinkedHashMap<>(parties));
        }
    }

    /**
     * {@code task_params}.
     *
     * @param common  instance name → hyper-parameters every party uses
     * @param parties {@code <role>.<index>} → instance name → that party's parameters (its data binding)
     */
    public record TaskParams(Map<String, Map<String, Object>> common, Map<String, Map<String, Map<String, Object>>> parties) {
        public TaskParams {
            common = Collections.unmodifiableMap(new LinkedHashMap<>(common));
            parties = Collections.unmodifiableMap(new LinkedHashMap<>(parties));
        }

        /** @return every instance name a parameter is given for */
        public List<String> instanceNames() {
            List<String> names = new ArrayList<>(common.keySet());
            parties.values().forEach(m -> m.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add));
            return names;
        }
    }

    /** @return every party, role by role in the order given */
    public List<Party> parties() {
        List<Party> out = new ArrayList<>();
        roles.forEach((r, ids) -> {
            for (int i = 0; i < ids.size(); i++) {
                out.add(new Party(r, i, ids.get(i)));
            }
        });
        return out;
    }

    /** @return whether {@code nodeId} plays any role */
    public boolean involves(String nodeId) {
        return roles.values().stream().anyMatch(ids -> ids.contains(nodeId));
    }

    /**
     * Reads a job configuration from its JSON tree and checks it against the DAG it runs: {@code initiator} and
     * {@code role} are required, every role lists at least one node id, the initiator is one of its role's nodes,
     * the role keys of {@code job_params}/{@code task_params} are roles with an index in range, and every
     * {@code task_params} entry is named after an instance of {@code dag}. {@code initiator.nodeId} is accepted
     * for {@code node_id}; {@code version}, {@code job_params} and {@code task_params} may be left out.
     *
     * @param json  the value as {@code Map}/{@code List}/scalars
     * @param dag   the DAG the job runs
     * @param field the name of the field holding it, for the paths of faults ({@code config} or {@code conf})
     * @throws DagFault naming the first fault
     */
    public static JobConfig parse(Object json, Dag dag, String field) {
        Map<String, Object> conf = JsonTree.object(json, field);
        String version = JsonTree.optText(conf.get("version"), field + ".version");

        String rolePath = field + ".role";
        Map<String, Object> roleMap = JsonTree.object(conf.get("role"), rolePath);
        if (roleMap.isEmpty()) {
            throw new DagFault(rolePath, "must name at least one role");
        }
        Map<String, List<String>> roles = new LinkedHashMap<>();
        for (var e : roleMap.entrySet()) {
            String path = rolePath + "." + e.getKey();
            JsonTree.matching(e.getKey(), ROLE_NAME, rolePath, "role names of letters, digits or _");
            if (e.getKey().equals(COMMON)) {
                throw new DagFault(path, "is not a role: 'common' is the key of shared parameters");
            }
            List<?> ids = JsonTree.list(e.getValue(), path);
            if (ids.isEmpty()) {
                throw new DagFault(path, "must list at least one node id");
            }
            List<String> nodes = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = JsonTree.text(ids.get(i), JsonTree.at(path, i));
                if (id.length() > 128) {
                    throw new DagFault(JsonTree.at(path, i), "must be a node id of at most 128 characters");
                }
                nodes.add(id);
            }
            roles.put(e.getKey(), nodes);
        }

        String initPath = field + ".initiator";
        Map<String, Object> init = JsonTree.object(conf.get("initiator"), initPath);
        String initRole = JsonTree.text(init.get("role"), initPath + ".role");
        boolean dialect = !init.containsKey("node_id") && init.containsKey("nodeId");
        String initNode = JsonTree.text(init.get(dialect ? "nodeId" : "node_id"), initPath + (dialect ? ".nodeId" : ".node_id"));
        List<String> initRoleNodes = roles.get(initRole);
        if (initRoleNodes == null) {
            throw new DagFault(initPath + ".role", "'" + JobId.clip(initRole) + "' is not a role of " + rolePath + " " + roles.keySet());
        }
        int initIndex = initRoleNodes.indexOf(initNode);
        if (initIndex < 0) {
            throw new DagFault(initPath + (dialect ? ".nodeId" : ".node_id"), "'" + JobId.clip(initNode) + "' is not listed in "
                    + rolePath + "." + initRole + " " + initRoleNodes);
        }

        String jobPath = field + ".job_params";
        Map<String, Object> job = JsonTree.optObject(conf.get("job_params"), jobPath);
        Map<String, Object> jobCommon = JsonTree.optObject(job.get(COMMON), jobPath + "." + COMMON);
        Map<String, Map<String, Object>> jobParties = new LinkedHashMap<>();
        for (var r : job.entrySet()) {
            if (r.getKey().equals(COMMON)) {
                continue;
            }
            forEachParty(r.getKey(), r.getValue(), roles, jobPath, (party, params) -> jobParties.put(party, params));
        }

        String taskPath = field + ".task_params";
        Map<String, Object> task = JsonTree.optObject(conf.get("task_params"), taskPath);
        Map<String, Map<String, Object>> taskCommon = new LinkedHashMap<>();
        for (var e : JsonTree.optObject(task.get(COMMON), taskPath + "." + COMMON).entrySet()) {
            String path = taskPath + "." + COMMON + "." + e.getKey();
            requireInstance(dag, e.getKey(), path);
            taskCommon.put(e.getKey(), JsonTree.object(e.getValue(), path));
        }
        Map<String, Map<String, Map<String, Object>>> taskParties = new LinkedHashMap<>();
        for (var r : task.entrySet()) {
            if (r.getKey().equals(COMMON)) {
                continue;
            }
            forEachParty(r.getKey(), r.getValue(), roles, taskPath, (party, byInstance) -> {
                Map<String, Map<String, Object>> bindings = new LinkedHashMap<>();
                for (var e : byInstance.entrySet()) {
                    String path = taskPath + "." + party + "." + e.getKey();
                    requireInstance(dag, e.getKey(), path);
                    bindings.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(JsonTree.object(e.getValue(), path))));
                }
                taskParties.put(party, Collections.unmodifiableMap(bindings));
            });
        }
        return new JobConfig(version, new Party(initRole, initIndex, initNode), roles, new JobParams(jobCommon, jobParties),
                new TaskParams(taskCommon, taskParties));
    }

    private interface PartyParams {
        void accept(String party, Map<String, Object> params);
    }

    /** Walks {@code <role>: {<index>: {...}}} of job_params/task_params, checking role and index against {@code roles}. */
    private static void forEachParty(String role, Object value, Map<String, List<String>> roles, String base, PartyParams to) {
        String path = base + "." + role;
        List<String> nodes = roles.get(role);
        if (nodes == null) {
            throw new DagFault(path, "names no role of the job " + roles.keySet());
        }
        for (var i : JsonTree.object(value, path).entrySet()) {
            String p = path + "." + i.getKey();
            if (!i.getKey().matches("0|[1-9][0-9]{0,8}") || Integer.parseInt(i.getKey()) >= nodes.size()) {
                throw new DagFault(p, "must be the index of a " + role + " party, 0 to " + (nodes.size() - 1));
            }
            to.accept(role + "." + i.getKey(), JsonTree.object(i.getValue(), p));
        }
    }

    private static void requireInstance(Dag dag, String name, String path) {
        if (!dag.instanceNames().contains(name)) {
            throw new DagFault(path, "names no instance of the DAG " + dag.instanceNames());
        }
    }
}
