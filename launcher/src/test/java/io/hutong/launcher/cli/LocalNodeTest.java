/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * An installation whose {@code bin/hutong} stands in for the launcher's port check: it records the
     * {@code --port} it was given, and fails as the launcher does when a port was taken (its message, see
     * ListenersTest) for the first {@code taken} starts, then writes what a ready node writes. What is under
     * test is how LocalNode reacts, not the node.
     */
    private static Path home(Path dir, int taken) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("home/bin"));
        Path script = bin.resolve("hutong");
        Files.writeString(script, """
                #!/bin/sh
                while [ $# -gt 0 ]; do case "$1" in --data) data=$2;; --port) port=$2;; esac; shift; done
                echo "$port" >> "$data/../ports"
                if [ "$(wc -l < "$data/../ports")" -le %d ]; then
                  echo "hutong: port $port (--port) is in use on 127.0.0.1"; exit 1
                fi
                echo token > "$data/admin-token"
                mkdir -p "$data/run"
                echo '{"ports": {"admin": 1}}' > "$data/run/ready.tmp" && mv "$data/run/ready.tmp" "$data/run/ready.json"
                exec sleep 60
                """.formatted(taken));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return dir.resolve("home");
    }

    @Test
    void aNodeWhosePortWasTakenMeanwhileStartsAgainOnOtherPorts(@TempDir Path dir) throws Exception {
        LocalNode n = LocalNode.start(home(dir, 1), dir, "alice");
        try {
            n.awaitReady(30);
            List<String> ports = Files.readAllLines(dir.resolve("ports"));
            assertEquals(2, ports.size(), "one start lost the race, the next one ran: " + ports);
            assertNotEquals(ports.get(0), ports.get(1), "the second start has ports found free again");
            assertEquals(ports.get(1), "" + n.eastWestPort(), "the node reports the ports it runs on");
        } finally {
            n.stop(5);
        }
    }

    @Test
    void aPortTakenAtEveryAttemptFailsTheStartAfterThreeSayingWhy(@TempDir Path dir) throws Exception {
        LocalNode n = LocalNode.start(home(dir, 10), dir, "alice");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> n.awaitReady(30));
        assertTrue(e.getMessage().contains("node alice did not start (exit status 1)") && e.getMessage().contains("is in use on 127.0.0.1"),
                e.getMessage());
        assertEquals(LocalNode.PORT_ATTEMPTS, Files.readAllLines(dir.resolve("ports")).size());
    }
}
