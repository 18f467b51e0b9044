package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the built bundle in a real Hutong node: the node starts from its features with the bundle in
 * {@code deploy/}, and tasks of {@code ${componentName}} run there through the admin API. Both parties
 * live on this one node (roles {@code guest.0} and {@code host.0} both name it), so the exchange goes
 * through the node's own PTP queues.
 */
class ${className}ComponentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path home;
    private static Process node;
    private static String admin;
    private static String token;

    @BeforeAll
    static void startNode() throws Exception {
        Path installation = Path.of(System.getProperty("hutong.home"));
        Path bundle = Path.of(System.getProperty("bundle.jar"));
        assertTrue(Files.isRegularFile(installation.resolve("bin/hutong")), "no Hutong installation at " + installation);
        home = Path.of("target", "it-hutong").toAbsolutePath();
        deleteTree(home);
        copyTree(installation, home);
        Files.copy(bundle, home.resolve("deploy").resolve(bundle.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        // a fresh node makes its attestation (UAS) signing key on first start: an SM2 key takes milliseconds, the
        // shipped RSA-4096 key seconds of a core, which this test does not need
        Path uas = home.resolve("etc/io.hutong.tee.uas.cfg");
        if (!Files.exists(uas)) {
            Files.writeString(uas, "signing.algorithm=SM2\n");
        }

        // ports found free now may be taken by another program before the node binds them (seconds later): the node
        // then stops, saying the port "is in use", and starts again on other ports
        Path ready = home.resolve("data/run/ready.json");
        for (int attempt = 1; ; attempt++) {
            int[] ports = freePorts(3);
            admin = "http://127.0.0.1:" + ports[1];
            ProcessBuilder start = new ProcessBuilder("sh", home.resolve("bin/hutong").toString(), "start", "--node-id", "it",
                    "--data", home.resolve("data").toString(), "--port", "" + ports[0], "--admin-port", "" + ports[1],
                    "--grpc-port", "" + ports[2], "--no-shell")
                    .directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("node.log").toFile()));
            // a small node is enough here; the caller's JAVA_OPTS win
            start.environment().putIfAbsent("JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
            Path log = home.resolve("node.log");
            long before = Files.exists(log) ? Files.size(log) : 0;
            node = start.start();
            Process started = node;
            await(Duration.ofSeconds(180), "the node to be ready (see " + home.resolve("node.log") + ")",
                    () -> Files.exists(ready) || !started.isAlive());
            if (Files.exists(ready)) {
                break;
            }
            byte[] all = Files.readAllBytes(log);
            String said = new String(all, (int) before, all.length - (int) before, java.nio.charset.StandardCharsets.UTF_8);
            if (attempt == 3 || !said.contains(") is in use on ")) {
                throw new IllegalStateException("the node stopped:\n" + said);
            }
        }
        token = Files.readString(home.resolve("data/admin-token")).trim();
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.destroy();
            if (!node.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    @Test
    void bothPartiesLearnBothCounts() throws Exception {
        String session = "session_it_" + UUID.randomUUID().toString().replace("-", "");
        writeInput("it", "guest.csv", "id\na\nb\nc\n");
        writeInput("it", "host.csv", "id\nx\ny\n");
        String guest = startTask(session, "guest.0", "guest.csv", 60);
        String host = startTask(session, "host.0", "host.csv", 60);

        assertEquals("SUCCESS", awaitEnd(guest).path("status").asText());
        assertEquals("SUCCESS", awaitEnd(host).path("status").asText());
        JsonNode result = JSON.readTree(home.resolve("data/storage/it-out/" + guest + "-result").toFile());
        assertEquals(3, result.path("self_count").asLong());
        assertEquals(2, result.path("peer_count").asLong());
        assertEquals("host.0", result.path("peer_role").asText());
    }

    @Test
    void aTaskWhosePeerNeverComesFailsWithAReason() throws Exception {
        String session = "session_it_" + UUID.randomUUID().toString().replace("-", "");
        writeInput("it", "alone.csv", "id\na\n");
        String alone = startTask(session, "guest.0", "alone.csv", 1);

        JsonNode end = awaitEnd(alone);
        assertEquals("FAILED", end.path("status").asText());
        assertTrue(end.path("reason").asText().contains("no count from host.0"), end.toString());
        assertTrue(Files.notExists(home.resolve("data/storage/it-out/" + alone + "-result")), "no half result");
    }

    private static void writeInput(String namespace, String name, String csv) throws IOException {
        Path file = home.resolve("data/storage").resolve(namespace).resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static String startTask(String session, String role, String input, int timeoutSeconds) throws Exception {
        String taskId = "task_" + role.replace('.', '_') + "_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("config.task_id", taskId);
        env.put("config.self_role", role);
        env.put("config.session_id", session);
        env.put("config.node_id.guest.0", "it");
        env.put("config.node_id.host.0", "it");
        env.put("runtime.component.parameter." + ${className}Component.TIMEOUT, "" + timeoutSeconds);
        env.put("runtime.component.input.data", "{\"namespace\":\"it\",\"name\":\"" + input + "\"}");
        env.put("runtime.component.output.result", "{\"namespace\":\"it-out\",\"name\":\"" + taskId + "-result\"}");
        String body = JSON.writeValueAsString(Map.of("component", ${className}Component.NAME, "env", env));
        // the node reads deploy/ within a second of its start: wait until it knows the component
        await(Duration.ofSeconds(60), "the node to run " + ${className}Component.NAME, () -> {
            HttpResponse<String> r = call("POST", "/v1/admin/tasks", body);
            if (r.statusCode() == 200) {
                return true;
            }
            if (r.statusCode() == 400 && r.body().contains("no component")) {
                return false;
            }
            throw new IllegalStateException("task start refused: " + r.statusCode() + " " + r.body());
        });
        return taskId;
    }

    private static JsonNode awaitEnd(String taskId) throws Exception {
        JsonNode[] last = new JsonNode[1];
        await(Duration.ofSeconds(60), "task " + taskId + " to end", () -> {
            last[0] = JSON.readTree(call("GET", "/v1/admin/tasks/" + taskId, null).body()).path("data");
            return List.of("SUCCESS", "FAILED").contains(last[0].path("status").asText());
        });
        return last[0];
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(admin + path)).header("Authorization", "Bearer " + token);
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    interface Condition {
        boolean met() throws Exception;
    }

    /** Polls a condition until it holds: the node's work is asynchronous, so the test waits for what it can see. */
    private static void await(Duration limit, String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.met()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }
}
