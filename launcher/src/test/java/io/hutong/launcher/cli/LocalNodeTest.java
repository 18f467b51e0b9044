/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class LocalNodeTest {

    @Test
    void aNodeThatIsNotUpSaysWhichChecksAreNot() throws Exception {
        // the status of a node whose first start is still making its UAS key, as GET /v1/admin/status answers it
        var status = new ObjectMapper().readTree("""
                {"status": "DEGRADED",
                 "health": {"core": [{"name": "database", "state": "UP", "message": "ok"}],
                            "tee": [{"name": "uas", "state": "DEGRADED", "message": "making the RSA signing key"}]},
                 "system_ready": [{"name": "Bundles started", "status": "OK"}, {"name": "DS tee", "status": "WARN"}]}
                """);
        assertEquals("tee/uas DEGRADED: making the RSA signing key; DS tee WARN", LocalNode.notUp(status));
        assertEquals("status DEGRADED", LocalNode.notUp(new ObjectMapper().readTree("{\"status\": \"DEGRADED\"}")));
    }
}
