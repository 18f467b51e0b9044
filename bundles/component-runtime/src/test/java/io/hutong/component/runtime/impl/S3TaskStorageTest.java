/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.DataRef;
import io.hutong.api.component.TaskContext;
import io.hutong.api.component.TaskStatus;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@code s3://} task storage against a real S3-compatible server started in this JVM on loopback (s3proxy with
 * its in-memory blob store and SigV4 authentication): what a task reads and writes, as the server itself stores it.
 */
class S3TaskStorageTest {

    private static final String ACCESS = "hutong-test";
    // '+' and '/' as real secret keys have: the URI carries '/' as %2F and '+' as it is
    private static final String SECRET = "wJalr+XUtnFEMI/K7MDENG";
    private static final String SECRET_IN_URI = "wJalr+XUtnFEMI%2FK7MDENG";
    private static final String BUCKET = "storage";

    private static S3Proxy proxy;
    private static BlobStore blobs;
    private static int port;

    @TempDir
    Path data;

    private InProcessTasks tasks;
    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        blobs = new TransientNio2BlobStore();
        proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
        proxy.start();
        org.awaitility.Awaitility.await("s3proxy started").atMost(Duration.ofSeconds(120))
                .until(() -> "STARTED".equals(proxy.getState()));
        port = proxy.getPort();
        blobs.createContainer(BUCKET);
        blobs.createContainer("results");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
    }

    @AfterEach
    void closeTasks() {
        if (tasks != null) {
            tasks.close("test over");
        }
    }

    private static String uri(String query) {
        return "s3://127.0.0.1:" + port + "?" + query;
    }

    private static String goodUri() {
        return uri("username=" + ACCESS + "&password=" + SECRET_IN_URI + "&bucket=" + BUCKET);
    }

    private S3TaskStorage storage(String uri) {
        return new S3TaskStorage(S3Location.parse(uri), data.resolve("staging"), new S3TaskStorage.Writer("task_1", "copy"),
                log::add, Clock.systemUTC());
    }

    private static void put(String bucket, String key, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        blobs.putBlob(PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) b.length).build(),
                new ByteArrayInputStream(b));
    }

    private static String get(String bucket, String key) throws IOException {
        try (InputStream in = blobs.getBlob(bucket, key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> keys(String bucket, String prefix) {
        return blobs.list(bucket).contents().stream().map(S3Object::key).filter(k -> k.startsWith(prefix)).sorted().toList();
    }

    // ------------------------------------------------------------------ reading

    @Test
    void anInputOfManyPartitionsIsReadWholeInPartitionOrder() throws Exception {
        // eleven partitions: data_10 must come after data_9, not after data_1 as a text sort would put it
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i <= 10; i++) {
            put(BUCKET, "ds-lib/users/data_" + i, "row-" + i + "\n");
            expected.append("row-").append(i).append('\n');
        }
        put(BUCKET, "ds-lib/users/data_3.tmp", "half-written\n"); // not a partition
        put(BUCKET, "ds-lib/users/metadata", "{}");
        S3TaskStorage s = storage(goodUri());
        Path p = s.read(new DataRef("ds-lib", "users"));
        assertEquals(expected.toString(), Files.readString(p));
        assertTrue(p.startsWith(data.resolve("staging")), "staged in the task's own directory: " + p);
        assertTrue(log.stream().anyMatch(l -> l.contains("11 partition(s)")), log.toString());
        assertEquals(p, s.read(new DataRef("ds-lib", "users")), "read once per task");
        s.close();
        assertFalse(Files.exists(data.resolve("staging")), "the staged copy goes when the task ends");
    }

    @Test
    void anInputInTheGuidesSingleObjectLayoutIsReadToo() throws Exception {
        put(BUCKET, "guide-lib-scores", "id,score\n1,0.5\n");
        assertEquals("id,score\n1,0.5\n", Files.readString(storage(goodUri()).read(new DataRef("guide-lib", "scores"))));
    }

    @Test
    void theBucketParameterChoosesTheBucket() throws Exception {
        put("results", "lib/only-here/data_0", "x\n");
        String other = uri("bucket=results&username=" + ACCESS + "&password=" + SECRET_IN_URI);
        assertEquals("x\n", Files.readString(storage(other).read(new DataRef("lib", "only-here"))));
        assertThrows(NoSuchFileException.class, () -> storage(goodUri()).read(new DataRef("lib", "only-here")));
    }

    @Test
    void aMissingInputNamesBothLayoutsItLookedFor() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> storage(goodUri()).read(new DataRef("nowhere", "nothing")));
        assertTrue(e.getMessage().contains("holds no data {namespace: nowhere, name: nothing}"), e.getMessage());
        assertTrue(e.getMessage().contains("nowhere/nothing/data_<partition>") && e.getMessage().contains("nowhere-nothing"),
                e.getMessage());
    }

    @Test
    void anInputWithAMissingPartitionIsRefusedNotReadIncomplete() {
        put(BUCKET, "gap/table/data_0", "a\n");
        put(BUCKET, "gap/table/data_2", "c\n");
        IOException e = assertThrows(IOException.class, () -> storage(goodUri()).read(new DataRef("gap", "table")));
        assertTrue(e.getMessage().contains("lacks partition gap/table/data_1"), e.getMessage());
    }

    @Test
    void wrongCredentialsAreNamedWithoutTheSecret() {
        String wrongSecret = "not-the-Secret-42";
        S3TaskStorage s = storage(uri("username=" + ACCESS + "&password=" + wrongSecret));
        IOException e = assertThrows(IOException.class, () -> s.read(new DataRef("ds-lib", "users")));
        assertTrue(e.getMessage().contains("the username/password of system.storage are not accepted"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
        assertFalse(e.getMessage().contains(wrongSecret), e.getMessage());
        IOException unknown = assertThrows(IOException.class,
                () -> storage(uri("username=somebody&password=" + wrongSecret)).read(new DataRef("ds-lib", "users")));
        assertTrue(unknown.getMessage().contains("not accepted"), unknown.getMessage());
        assertFalse(unknown.getMessage().contains(wrongSecret), unknown.getMessage());
        assertTrue(s.uri().contains("password=***") && !s.uri().contains(wrongSecret), s.uri());
    }

    @Test
    void anUnsignedRequestIsRefusedByAServerThatWantsCredentials() {
        IOException e = assertThrows(IOException.class, () -> storage(uri("bucket=storage")).read(new DataRef("a", "b")));
        assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
    }

    @Test
    void aMissingBucketAndAnUnreachableServerAreNamed() throws Exception {
        IOException bucket = assertThrows(IOException.class, () -> storage(
                uri("bucket=no-such-bucket&username=" + ACCESS + "&password=" + SECRET_IN_URI)).read(new DataRef("a", "b")));
        assertTrue(bucket.getMessage().contains("bucket no-such-bucket does not exist"), bucket.getMessage());
        int closed;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        IOException down = assertThrows(IOException.class, () -> storage("s3://127.0.0.1:" + closed + "?username=" + ACCESS
                + "&password=" + SECRET_IN_URI).read(new DataRef("a", "b")));
        assertTrue(down.getMessage().contains("cannot be reached"), down.getMessage());
        assertFalse(down.getMessage().contains("K7MDENG"), down.getMessage());
    }

    @Test
    void identifiersThatWouldLeaveTheirTwoKeySegmentsAreRefusedBeforeAnyRequest() {
        put(BUCKET, "secret/keys/data_0", "private\n");
        S3TaskStorage s = storage(goodUri());
        for (DataRef bad : List.of(new DataRef("..", "keys"), new DataRef("secret/keys", "x"), new DataRef("a", "../secret"),
                new DataRef("", "x"), new DataRef("x", " "), new DataRef(".", "keys"), new DataRef("a", "b\\c"),
                new DataRef("a\n", "b"), new DataRef("a", "x".repeat(256)))) {
            IOException e = assertThrows(IOException.class, () -> s.read(bad), bad.toString());
            assertTrue(e.getMessage().contains("must each be one non-empty key segment"), e.getMessage());
            IOException w = assertThrows(IOException.class, () -> s.write(bad), bad.toString());
            assertTrue(w.getMessage().contains("is refused"), w.getMessage());
        }
        assertFalse(Files.exists(data.resolve("staging/inputs/secret")), "nothing was fetched");
    }

    // ------------------------------------------------------------------ a hostile server

    /** Runs {@code body} against a loopback HTTP server that answers every request with {@code status} and {@code answer}. */
    private void againstServer(int status, String answer, java.util.function.IntConsumer body) throws IOException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] b = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/xml");
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            body.accept(server.getAddress().getPort());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServerThatListsInACircleIsLeft() throws Exception {
        againstServer(200, "<ListBucketResult><IsTruncated>true</IsTruncated>"
                + "<NextContinuationToken>again</NextContinuationToken></ListBucketResult>", p -> {
            IOException e = assertThrows(IOException.class, () -> storage("s3://127.0.0.1:" + p + "?username=" + ACCESS
                    + "&password=" + SECRET_IN_URI).read(new DataRef("a", "b")));
            assertTrue(e.getMessage().contains("repeats a continuation token"), e.getMessage());
        });
    }

    @Test
    void aListingWithAnExternalEntityIsRefusedNotResolved() throws Exception {
        againstServer(200, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<ListBucketResult><Contents><Key>a/b/data_&x;</Key></Contents></ListBucketResult>", p -> {
            IOException e = assertThrows(IOException.class, () -> storage("s3://127.0.0.1:" + p + "?username=" + ACCESS
                    + "&password=" + SECRET_IN_URI).read(new DataRef("a", "b")));
            assertTrue(e.getMessage().contains("not S3's ListBucketResult XML"), e.getMessage());
            assertFalse(e.getMessage().contains("root:"), e.getMessage());
        });
    }

    @Test
    void aRefusalShowsTheErrorCodeButNotTheServersProse() throws Exception {
        againstServer(403, "<Error><Code>Access<b>Denied</b>&lt;script&gt;</Code><Message>your secret is " + SECRET
                + "</Message></Error>", p -> {
            IOException e = assertThrows(IOException.class, () -> storage("s3://127.0.0.1:" + p + "?username=" + ACCESS
                    + "&password=" + SECRET_IN_URI).read(new DataRef("a", "b")));
            assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
            assertFalse(e.getMessage().contains("your secret") || e.getMessage().contains("K7MDENG")
                    || e.getMessage().contains("<"), e.getMessage());
        });
    }

    // ------------------------------------------------------------------ writing

    @Test
    void anOutputIsStoredAsPartitionZeroWithItsMetadataAndReplacesAnEarlierRun() throws Exception {
        put(BUCKET, "job-1-guest-0/task_1-result/data_0", "old-0\n");
        put(BUCKET, "job-1-guest-0/task_1-result/data_1", "old-1\n"); // would be read after the new data_0
        S3TaskStorage s = storage(goodUri());
        DataRef out = new DataRef("job-1-guest-0", "task_1-result");
        Path p = s.write(out);
        assertTrue(Files.isDirectory(p.getParent()));
        Files.writeString(p, "id\n1\n2\n3");
        assertEquals(List.of("job-1-guest-0/task_1-result/data_0", "job-1-guest-0/task_1-result/data_1"),
                keys(BUCKET, "job-1-guest-0/"), "nothing is stored before the task succeeded");
        List<String> lines = new ArrayList<>();
        s.publish(lines::add);
        assertEquals(List.of("job-1-guest-0/task_1-result/data_0", "job-1-guest-0/task_1-result/metadata"),
                keys(BUCKET, "job-1-guest-0/"));
        assertEquals("id\n1\n2\n3", get(BUCKET, "job-1-guest-0/task_1-result/data_0"));
        JsonNode meta = new ObjectMapper().readTree(get(BUCKET, "job-1-guest-0/task_1-result/metadata"));
        assertEquals("job-1-guest-0", meta.get("namespace").asText());
        assertEquals("task_1-result", meta.get("name").asText());
        assertEquals(1, meta.get("partitions").asInt());
        assertEquals(4, meta.get("count").asLong(), "lines, the last one without a newline counted too");
        assertEquals(8, meta.get("size").asLong());
        assertEquals("task_1", meta.get("task_id").asText());
        assertEquals("copy", meta.get("component").asText());
        java.time.Instant.parse(meta.get("create_time").asText());
        assertTrue(lines.get(0).contains("8 bytes stored as job-1-guest-0/task_1-result/data_0"), lines.toString());
        // and what was written reads back through the storage
        assertEquals("id\n1\n2\n3", Files.readString(storage(goodUri()).read(out)));
    }

    @Test
    void namesWithSpacesSignsAndNonAsciiLetters() throws Exception {
        DataRef ref = new DataRef("lib 2026+", "résumé 1+1=2&x");
        S3TaskStorage s = storage(goodUri());
        Files.writeString(s.write(ref), "ok\n");
        s.publish(l -> { });
        assertEquals("ok\n", get(BUCKET, "lib 2026+/résumé 1+1=2&x/data_0"), "the key is the names, not their encoding");
        assertEquals("ok\n", Files.readString(storage(goodUri()).read(ref)));
    }

    @Test
    void anOutputTheComponentDidNotWriteStoresNothing() throws Exception {
        S3TaskStorage s = storage(goodUri());
        s.write(new DataRef("job-2-host-0", "task_2-report"));
        List<String> lines = new ArrayList<>();
        s.publish(lines::add);
        assertEquals(List.of(), keys(BUCKET, "job-2-host-0/"));
        assertTrue(lines.get(0).contains("was not written"), lines.toString());
    }

    // ------------------------------------------------------------------ the URI

    @Test
    void theUriFormDefaultsAndRedaction() {
        S3Location l = S3Location.parse("s3://minio.local:9000?username=admin&password=" + SECRET_IN_URI);
        assertEquals("minio.local", l.host());
        assertEquals(9000, l.port());
        assertEquals("storage", l.bucket(), "A-10: the bucket defaults to storage");
        assertEquals(SECRET, l.password(), "percent-decoded, '+' kept");
        assertFalse(l.secure());
        assertEquals("http://minio.local:9000", l.endpoint().toString());
        assertEquals("s3://minio.local:9000?bucket=storage&username=admin&password=***", l.toString());
        S3Location tls = S3Location.parse("s3://s3.example.org?bucket=data-1&secure=true&region=eu-west-1");
        assertEquals(443, tls.port());
        assertEquals("https://s3.example.org:443", tls.endpoint().toString());
        assertFalse(tls.signed());
        assertEquals("s3://s3.example.org:443?bucket=data-1&secure=true&region=eu-west-1", tls.toString());
        assertEquals("s3://minio.local:9000?bucket=storage&username=admin&password=***",
                S3Location.redact("s3://minio.local:9000?username=admin&password=" + SECRET_IN_URI));
        assertEquals("file:///data/storage/", S3Location.redact("file:///data/storage/"));
    }

    @Test
    void aBadUriIsRefusedNamingTheFaultButNeverThePassword() {
        String pw = "TopSecret99";
        for (String bad : List.of("s3://host:9000?username=a&password=" + pw + "&bukcet=x",
                "s3://host:99999?username=a&password=" + pw,
                "s3://host:9000/storage?username=a&password=" + pw,
                "s3://a:" + pw + "@host:9000",
                "s3://host:9000?username=a&password=" + pw + "&bucket=UPPER",
                "s3://host:9000?username=a&password=" + pw + "&bucket=../x",
                "s3://host:9000?password=" + pw,
                "s3://host:9000?username=a&password=" + pw + "&secure=yes",
                "s3://host:9000?username=a&password=" + pw + "&password=" + pw,
                "s3://host:9000?username=a&password=" + pw + "%zz",
                "s3://?username=a&password=" + pw)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3Location.parse(bad), bad);
            assertFalse(e.getMessage().contains(pw), e.getMessage());
            assertTrue(e.getMessage().startsWith("system.storage"), e.getMessage());
            assertEquals("s3://(not a valid storage URI)", S3Location.redact(bad));
        }
    }

    // ------------------------------------------------------------------ through the runtime

    /** Where the last task of {@link #UPPER} found its input. */
    private static final java.util.concurrent.atomic.AtomicReference<Path> LAST_INPUT = new java.util.concurrent.atomic.AtomicReference<>();

    /** An in-test component: copies its input "data" to its output "copy", upper-cased. */
    private static final AlgorithmComponent UPPER = new AlgorithmComponent() {
        @Override
        public Map<String, Object> selfDescription() {
            return Map.of("componentName", "upper", "version", "1.0.0", "provider", "HUTONG", "storageEngine", List.of("s3"));
        }

        @Override
        public void run(TaskContext context) throws Exception {
            Path in = context.storage().read(context.inputs().get("data"));
            LAST_INPUT.set(in);
            Files.writeString(context.storage().write(context.outputs().get("copy")), Files.readString(in).toUpperCase());
        }
    };

    private InProcessTasks tasks(String defaultStorage) {
        tasks = new InProcessTasks(new InProcessTasks.Settings(2, 0, Duration.ofMinutes(10), 10, defaultStorage,
                data.resolve("logs/tasks")), () -> null, TaskJournal.NONE, Clock.systemUTC());
        return tasks;
    }

    private static ComponentLease.Resolver upper() {
        return (name, version) -> new ComponentLease(UPPER, "1.0.0", 7, () -> { }, () -> 0);
    }

    private static Map<String, String> env(String taskId, String inputName) {
        Map<String, String> env = new java.util.HashMap<>(TaskEnvironmentTest.minimal());
        env.put("config.task_id", taskId);
        env.put("runtime.component.input.data", "{\"namespace\":\"ds-run\",\"name\":\"" + inputName + "\"}");
        env.put("runtime.component.output.copy", "{\"namespace\":\"job-9-guest-0\",\"name\":\"" + taskId + "-copy\"}");
        return env;
    }

    private TaskStatus awaitEnd(String taskId) {
        return org.awaitility.Awaitility.await("task " + taskId + " ends").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> tasks.status(taskId).orElseThrow(), st -> !TaskStatus.RUNNING.equals(st.state()));
    }

    @Test
    void aTaskOnTheNodesDefaultS3StorageReadsAndWritesThroughTheServer() throws Exception {
        put(BUCKET, "ds-run/words/data_0", "alpha\n");
        put(BUCKET, "ds-run/words/data_1", "beta\n");
        tasks(goodUri()).start("upper", null, env("task_s3_ok", "words"), upper());
        TaskStatus s = awaitEnd("task_s3_ok");
        assertEquals(TaskStatus.SUCCESS, s.state(), s.reason());
        assertEquals("ALPHA\nBETA\n", get(BUCKET, "job-9-guest-0/task_s3_ok-copy/data_0"));
        assertTrue(get(BUCKET, "job-9-guest-0/task_s3_ok-copy/metadata").contains("\"task_id\" : \"task_s3_ok\""));
        String taskLog = Files.readString(data.resolve("logs/tasks/task_s3_ok/task.log"));
        assertTrue(taskLog.contains("input ds-run/words: 2 partition(s)"), taskLog);
        assertTrue(taskLog.contains("stored as job-9-guest-0/task_s3_ok-copy/data_0"), taskLog);
        assertFalse(taskLog.contains("K7MDENG"), "the log never holds the secret: " + taskLog);
        Path staging = data.resolve("logs/tasks/task_s3_ok/staging-task_s3_ok");
        assertTrue(LAST_INPUT.get().startsWith(staging), "staged beside the task's log: " + LAST_INPUT.get());
        // removed as the task's thread leaves it, just after the task reported its end
        org.awaitility.Awaitility.await("staged copies removed").atMost(Duration.ofSeconds(120))
                .until(() -> !Files.exists(staging));
        assertTrue(Files.exists(data.resolve("logs/tasks/task_s3_ok/task.log")), "the log stays");
    }

    @Test
    void aTaskGivenSystemStorageExplicitlyUsesItOverTheNodesDefault() throws Exception {
        put("results", "ds-run/other/data_0", "gamma\n");
        Map<String, String> env = env("task_s3_explicit", "other");
        env.put("system.storage", uri("bucket=results&username=" + ACCESS + "&password=" + SECRET_IN_URI));
        tasks(FileTaskStorage.under(data)).start("upper", null, env, upper());
        assertEquals(TaskStatus.SUCCESS, awaitEnd("task_s3_explicit").state());
        assertEquals("GAMMA\n", get("results", "job-9-guest-0/task_s3_explicit-copy/data_0"));
    }

    @Test
    void aTaskWhoseInputIsMissingFailsSayingSoAndStoresNothing() throws Exception {
        tasks(goodUri()).start("upper", null, env("task_s3_missing", "absent"), upper());
        TaskStatus s = awaitEnd("task_s3_missing");
        assertEquals(TaskStatus.FAILED, s.state());
        assertTrue(s.reason().contains("holds no data {namespace: ds-run, name: absent}"), s.reason());
        assertEquals(List.of(), keys(BUCKET, "job-9-guest-0/task_s3_missing"));
    }

    @Test
    void aTaskWithWrongCredentialsFailsWithAReasonThatHoldsNoSecret() throws Exception {
        String wrong = "Wrong+Secret%2F77";
        Map<String, String> env = env("task_s3_denied", "words");
        env.put("system.storage", uri("username=" + ACCESS + "&password=" + wrong));
        tasks(FileTaskStorage.under(data)).start("upper", null, env, upper());
        TaskStatus s = awaitEnd("task_s3_denied");
        assertEquals(TaskStatus.FAILED, s.state());
        assertTrue(s.reason().contains("the username/password of system.storage are not accepted"), s.reason());
        assertTrue(s.reason().contains("password=***"), s.reason());
        for (String leak : List.of("Wrong+Secret", "Secret/77", "Secret%2F77")) {
            assertFalse(s.reason().contains(leak), s.reason());
            assertFalse(Files.readString(data.resolve("logs/tasks/task_s3_denied/task.log")).contains(leak));
        }
        assertNull(tasks.list().stream().filter(t -> String.valueOf(t).contains("Wrong+Secret")).findAny().orElse(null));
    }

    @Test
    void aTaskWhoseComponentFailsUploadsNothing() throws Exception {
        put(BUCKET, "ds-run/words2/data_0", "x\n");
        AlgorithmComponent half = new AlgorithmComponent() {
            @Override
            public Map<String, Object> selfDescription() {
                return Map.of("componentName", "upper", "version", "1.0.0", "provider", "HUTONG");
            }

            @Override
            public void run(TaskContext context) throws Exception {
                Files.writeString(context.storage().write(context.outputs().get("copy")), "partial");
                throw new IllegalStateException("peer went away");
            }
        };
        tasks(goodUri()).start("upper", null, env("task_s3_half", "words2"),
                (n, v) -> new ComponentLease(half, "1.0.0", 7, () -> { }, () -> 0));
        assertEquals("peer went away", awaitEnd("task_s3_half").reason());
        assertEquals(List.of(), keys(BUCKET, "job-9-guest-0/task_s3_half"));
    }

    @Test
    void aBadS3UriAsTheNodesDefaultRefusesTasksWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tasks(
                "s3://127.0.0.1:" + port + "?username=u&password=Leaky77&secure=maybe").start("upper", null,
                env("task_s3_badcfg", "words"), upper()));
        assertTrue(e.getMessage().contains("secure must be true or false"), e.getMessage());
        assertFalse(e.getMessage().contains("Leaky77"), e.getMessage());
    }

    @Test
    void aTaskWithABadS3UriIsRefusedAtStartWithoutEchoingIt() {
        Map<String, String> env = env("task_s3_bad", "words");
        env.put("system.storage", "s3://127.0.0.1:" + port + "?username=u&password=Leaky77&bukket=storage");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tasks(goodUri()).start("upper", null, env, upper()));
        assertTrue(e.getMessage().contains("unknown parameter 'bukket'"), e.getMessage());
        assertFalse(e.getMessage().contains("Leaky77"), e.getMessage());
    }
}
