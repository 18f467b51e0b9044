/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.hutong.api.tee.TeeVerification.Failure;

/**
 * Intel's identity of the quoting enclave (enclave identity v2, id {@code QE}): what a genuine QE
 * report must contain and the status of each QE ISVSVN.
 *
 * @param issueDate      start of validity
 * @param nextUpdate     end of validity
 * @param miscSelect     expected MISCSELECT bytes (as in the report)
 * @param miscSelectMask mask applied to the report's MISCSELECT before comparing
 * @param attributes     expected ATTRIBUTES bytes
 * @param attributesMask mask applied to the report's ATTRIBUTES before comparing
 * @param mrSigner       expected MRSIGNER
 * @param isvProdId      expected ISVPRODID
 * @param levels         TCB levels, highest first
 */
public record QeIdentity(Instant issueDate, Instant nextUpdate, byte[] miscSelect, byte[] miscSelectMask,
        byte[] attributes, byte[] attributesMask, byte[] mrSigner, int isvProdId, List<Level> levels) {

    /**
     * One QE TCB level.
     *
     * @param isvSvn      minimum QE ISVSVN
     * @param status      {@code tcbStatus}
     * @param advisoryIds {@code advisoryIDs}
     */
    public record Level(int isvSvn, String status, List<String> advisoryIds) {
    }

    /**
     * @param body the enclave identity body text, already signature-checked
     * @return the parsed identity
     * @throws Rejection {@link Failure#COLLATERAL_INVALID} when it is not a QE identity
     */
    public static QeIdentity parse(String body) throws Rejection {
        JsonNode n = Json.tree("qeIdentity", body);
        if (n.has("id") && !"QE".equals(n.path("id").asText())) {
            throw new Rejection(Failure.COLLATERAL_INVALID, "qeIdentity id " + n.path("id") + " (expected \"QE\")");
        }
        List<Level> levels = new ArrayList<>();
        for (JsonNode l : n.path("tcbLevels")) {
            List<String> advisories = new ArrayList<>();
            l.path("advisoryIDs").forEach(a -> advisories.add(a.asText()));
            levels.add(new Level(Json.integer("qeIdentity isvsvn", l.path("tcb").path("isvsvn")),
                    Json.text("qeIdentity tcbStatus", l.path("tcbStatus")), List.copyOf(advisories)));
        }
        if (levels.isEmpty()) {
            throw new Rejection(Failure.COLLATERAL_INVALID, "qeIdentity has no tcbLevels");
        }
        return new QeIdentity(Json.instant("qeIdentity issueDate", n.path("issueDate")),
                Json.instant("qeIdentity nextUpdate", n.path("nextUpdate")),
                hex("miscselect", n, 4), hex("miscselectMask", n, 4), hex("attributes", n, 16),
                hex("attributesMask", n, 16), hex("mrsigner", n, 32),
                Json.integer("qeIdentity isvprodid", n.path("isvprodid")), List.copyOf(levels));
    }

    private static byte[] hex(String key, JsonNode n, int length) throws Rejection {
        String text = Json.text("qeIdentity " + key, n.path(key));
        try {
            byte[] b = HexFormat.of().parseHex(text);
            if (b.length == length) {
                return b;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new Rejection(Failure.COLLATERAL_INVALID, "qeIdentity " + key + " is not " + length + " bytes of hex: " + text);
    }
}
