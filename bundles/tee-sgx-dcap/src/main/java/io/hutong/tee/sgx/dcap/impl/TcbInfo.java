/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.hutong.api.tee.TeeVerification.Failure;

/**
 * Intel's TCB info for one FMSPC (versions 2 and 3, SGX): which TCB levels exist and the status
 * of each.
 *
 * @param version    2 or 3
 * @param issueDate  start of validity
 * @param nextUpdate end of validity
 * @param fmspc      the platform family it describes, upper-case hex
 * @param pceId      the PCE id, upper-case hex
 * @param levels     TCB levels, highest first as Intel orders them
 */
public record TcbInfo(int version, Instant issueDate, Instant nextUpdate, String fmspc, String pceId,
        List<Level> levels) {

    /**
     * One TCB level.
     *
     * @param components  the 16 minimum SGX component SVNs
     * @param pceSvn      the minimum PCE SVN
     * @param status      {@code tcbStatus}
     * @param advisoryIds {@code advisoryIDs}, empty in version 2
     */
    public record Level(int[] components, int pceSvn, String status, List<String> advisoryIds) {

        /** @return whether a platform with these SVNs is at or above this level */
        public boolean coveredBy(PckExtension pck) {
            for (int i = 0; i < 16; i++) {
                if (pck.components()[i] < components[i]) {
                    return false;
                }
            }
            return pck.pceSvn() >= pceSvn;
        }
    }

    /**
     * @param body the TCB info body text, already signature-checked
     * @return the parsed TCB info
     * @throws Rejection {@link Failure#COLLATERAL_INVALID} when it is not SGX TCB info v2 or v3
     */
    public static TcbInfo parse(String body) throws Rejection {
        JsonNode n = Json.tree("tcbInfo", body);
        int version = n.path("version").asInt(-1);
        if (version != 2 && version != 3) {
            throw new Rejection(Failure.COLLATERAL_INVALID, "tcbInfo version " + n.path("version") + " (expected 2 or 3)");
        }
        if (version == 3 && !"SGX".equals(n.path("id").asText())) {
            throw new Rejection(Failure.COLLATERAL_INVALID, "tcbInfo id " + n.path("id") + " (expected \"SGX\")");
        }
        List<Level> levels = new ArrayList<>();
        for (JsonNode l : n.path("tcbLevels")) {
            JsonNode tcb = l.path("tcb");
            int[] comps = new int[16];
            for (int i = 0; i < 16; i++) {
                JsonNode c = version == 3 ? tcb.path("sgxtcbcomponents").path(i).path("svn")
                        : tcb.path(String.format("sgxtcbcomp%02dsvn", i + 1));
                comps[i] = Json.integer("tcbInfo component svn", c);
            }
            List<String> advisories = new ArrayList<>();
            l.path("advisoryIDs").forEach(a -> advisories.add(a.asText()));
            levels.add(new Level(comps, Json.integer("tcbInfo pcesvn", tcb.path("pcesvn")),
                    Json.text("tcbInfo tcbStatus", l.path("tcbStatus")), List.copyOf(advisories)));
        }
        if (levels.isEmpty()) {
            throw new Rejection(Failure.COLLATERAL_INVALID, "tcbInfo has no tcbLevels");
        }
        return new TcbInfo(version, Json.instant("tcbInfo issueDate", n.path("issueDate")),
                Json.instant("tcbInfo nextUpdate", n.path("nextUpdate")),
                Json.text("tcbInfo fmspc", n.path("fmspc")).toUpperCase(java.util.Locale.ROOT),
                Json.text("tcbInfo pceId", n.path("pceId")).toUpperCase(java.util.Locale.ROOT), List.copyOf(levels));
    }
}
