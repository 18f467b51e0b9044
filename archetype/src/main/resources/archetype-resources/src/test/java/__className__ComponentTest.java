package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.api.component.TaskStatus;
import io.hutong.component.testkit.PartyRun;
import io.hutong.component.testkit.TestNetwork;
import io.hutong.component.testkit.TestRun;

/**
 * ${className}Component for two parties in one JVM, on Hutong's component test kit: each party gets the
 * environment contract, its own storage and a transport to the other, as on a node.
 */
class ${className}ComponentTest {

    @TempDir
    Path tmp;

    @Test
    void bothPartiesLearnBothCounts() {
        TestNetwork net = new TestNetwork(tmp);
        net.party("guest.0", "alice").csvInput(${className}Component.INPUT, "id\na\nb\nc\n").output(${className}Component.OUTPUT);
        net.party("host.0", "bob").csvInput(${className}Component.INPUT, "id\nx\ny\n").output(${className}Component.OUTPUT);

        TestRun run = net.run(new ${className}Component("1.0.0"));

        assertEquals(TaskStatus.SUCCESS, run.party("guest.0").status().state(), run.party("guest.0").log().toString());
        assertEquals(TaskStatus.SUCCESS, run.party("host.0").status().state(), run.party("host.0").log().toString());
        String guest = net.party("guest.0").readOutput(${className}Component.OUTPUT);
        assertTrue(guest.contains("\"self_count\":3") && guest.contains("\"peer_count\":2"), guest);
        String host = net.party("host.0").readOutput(${className}Component.OUTPUT);
        assertTrue(host.contains("\"self_count\":2") && host.contains("\"peer_count\":3"), host);
    }

    @Test
    void aPeerSendingSomethingOtherThanACountFailsTheTaskAndWritesNothing() throws Exception {
        TestNetwork net = new TestNetwork(tmp);
        net.party("guest.0", "alice").csvInput(${className}Component.INPUT, "id\na\n").output(${className}Component.OUTPUT);
        // host.0 runs nothing; whoever can reach alice's node puts a forged "count" in her queue
        net.party("host.0", "bob").absent();
        net.party("guest.0").inject(${className}Component.topic("host.0"), "12; DROP TABLE".getBytes(StandardCharsets.US_ASCII));

        PartyRun guest = net.run(new ${className}Component("1.0.0")).party("guest.0");

        assertEquals(TaskStatus.FAILED, guest.status().state());
        assertTrue(guest.status().reason().contains("host.0 sent a malformed count"), guest.status().reason());
        assertTrue(Files.notExists(net.party("guest.0").storage().write(net.party("guest.0").outputs().get(${className}Component.OUTPUT))),
                "no result is written");
    }

    @Test
    void aPeerThatNeverAnswersFailsTheTaskWithinTheTimeout() {
        TestNetwork net = new TestNetwork(tmp).parameter(${className}Component.TIMEOUT, "1");
        net.party("guest.0", "alice").csvInput(${className}Component.INPUT, "id\na\n").output(${className}Component.OUTPUT);
        net.party("host.0", "bob").absent();

        long t0 = System.nanoTime();
        PartyRun guest = net.run(new ${className}Component("1.0.0")).party("guest.0");

        assertEquals(TaskStatus.FAILED, guest.status().state());
        assertTrue(guest.status().reason().contains("no count from host.0 within 1 s"), guest.status().reason());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 30, "bounded by the timeout, not the kit's limit");
    }
}
