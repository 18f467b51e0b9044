/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.TaskContext;
import io.hutong.api.component.TaskStatus;
import io.hutong.api.transport.TransportSession;

/** The README's example, kept compiling and passing. */
class ReadmeExampleTest {

    /** Each party sends its row count to the other and writes both counts. */
    static final class RowCount implements AlgorithmComponent {
        @Override
        public Map<String, Object> selfDescription() {
            return Map.of("componentName", "row_count", "provider", "example", "version", "1.0.0");
        }

        @Override
        public void run(TaskContext c) throws Exception {
            String peer = c.nodeIds().keySet().stream().filter(r -> !r.equals(c.selfRole())).findFirst().orElseThrow();
            long rows = Files.readAllLines(c.storage().read(c.inputs().get("data"))).size() - 1;
            TransportSession s = c.transport(peer);
            s.push(Long.toString(rows).getBytes(), Map.of(), "count." + c.selfRole());
            c.progress(0.5, "exchange");
            long theirs = Long.parseLong(s.pop(Duration.ofMillis(Long.parseLong(c.parameter("timeout_ms")
                    .orElse("60000"))), "count." + peer).map(String::new)
                    .orElseThrow(() -> new IllegalStateException(peer + " sent no count")));
            Files.writeString(c.storage().write(c.outputs().get("result")), rows + "," + theirs + "\n");
        }
    }

    @TempDir
    Path tmp;

    @Test
    void bothPartiesLearnBothCounts() {
        TestNetwork net = new TestNetwork(tmp);
        net.party("guest.0", "alice").csvInput("data", "id\na\nb\n").output("result");
        net.party("host.0", "bob").csvInput("data", "id\nc\n").output("result");

        TestRun run = net.run(new RowCount());

        assertEquals(TaskStatus.SUCCESS, run.party("guest.0").status().state());
        assertEquals("2,1\n", net.party("guest.0").readOutput("result"));
        assertEquals("1,2\n", net.party("host.0").readOutput("result"));
    }

    @Test
    void aSilentPeerFailsTheTaskInBoundedTimeNamingIt() {
        TestNetwork net = new TestNetwork(tmp).parameter("timeout_ms", "200");
        net.party("guest.0", "alice").csvInput("data", "id\na\n").output("result");
        net.party("host.0", "bob").absent();

        TestRun run = net.run(new RowCount());

        assertEquals("host.0 sent no count", run.party("guest.0").status().reason());
        assertEquals(1, net.party("host.0").pending("count.guest.0").size());
    }

    @Test
    void garbageFromTheNetworkIsRefused() {
        TestNetwork net = new TestNetwork(tmp);
        net.party("guest.0", "alice").csvInput("data", "id\na\n").output("result")
                .inject("count.host.0", "not a number".getBytes());
        net.party("host.0", "bob").absent();

        TestRun run = net.run(new RowCount());

        assertEquals(TaskStatus.FAILED, run.party("guest.0").status().state());
        assertTrue(run.party("guest.0").failure().orElseThrow() instanceof NumberFormatException);
    }
}
