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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.DataRef;
import io.hutong.api.component.TaskContext;
import io.hutong.api.component.TaskStatus;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Transport;
import io.hutong.api.transport.TransportSession;

class InProcessTasksTest {

    @TempDir
    Path data;

    private final RecordingTransport transport = new RecordingTransport();
    private final MutableClock clock = new MutableClock();
    private final AtomicInteger leasesReturned = new AtomicInteger();
    private final AtomicInteger pins = new AtomicInteger();
    private InProcessTasks tasks;

    /** An algorithm whose run is given by the test. */
    interface Body {
        void run(TaskContext context) throws Exception;
    }

    private static AlgorithmComponent component(String version, Body body) {
        return new AlgorithmComponent() {
            @Override
            public Map<String, Object> selfDescription() {
                return Map.of("componentName", "test_psi", "version", version, "provider", "HUTONG");
            }

            @Override
            public void run(TaskContext context) throws Exception {
                body.run(context);
            }
        };
    }

    private InProcessTasks tasks(int running, int waiting) {
        tasks = new InProcessTasks(new InProcessTasks.Settings(running, waiting, Duration.ofMinutes(10), 3,
                FileTaskStorage.under(data), data.resolve("logs/tasks")), () -> transport, TaskJournal.NONE, clock);
        return tasks;
    }

    private ComponentLease.Resolver only(AlgorithmComponent c) {
        return (name, version) -> {
            if (!name.equals(c.code()) || version != null && !version.isEmpty() && !version.equals(c.version())) {
                throw new IllegalArgumentException("no component " + name);
            }
            return new ComponentLease(c, c.version(), 42, leasesReturned::incrementAndGet, pins::incrementAndGet);
        };
    }

    private static Map<String, String> env(String taskId) {
        Map<String, String> env = new java.util.HashMap<>(TaskEnvironmentTest.minimal());
        env.put("config.task_id", taskId);
        return env;
    }

    /** Generous: a loaded CI machine may take seconds to run a task thread; a condition that holds ends the wait at once. */
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(120);

    private TaskStatus awaitEnd(String taskId) {
        return org.awaitility.Awaitility.await("task " + taskId + " ends").atMost(WAIT).pollInterval(java.time.Duration.ofMillis(10))
                .until(() -> tasks.status(taskId).orElseThrow(), s -> !TaskStatus.RUNNING.equals(s.state()));
    }

    private void awaitAdmitted(int n) {
        org.awaitility.Awaitility.await(n + " tasks admitted").atMost(WAIT).pollInterval(java.time.Duration.ofMillis(10))
                .until(tasks::admitted, a -> a == n);
    }

    @AfterEach
    void stop() {
        if (tasks != null) {
            tasks.close("test over");
        }
    }

    @Test
    void aTaskThatReturnsSucceedsAndItsOutputIsWhereTheContractSays() throws Exception {
        tasks(2, 0);
        Map<String, String> env = env("task_ok");
        env.put("runtime.component.output.result", "{\"namespace\":\"job-1-guest-0\",\"name\":\"task_ok-result.csv\"}");
        env.put("runtime.component.parameter.protocol", "ECDH_PSI_2PC");
        AlgorithmComponent c = component("1.0.0", ctx -> {
            ctx.progress(0.5, "handshake");
            Path out = ctx.storage().write(ctx.outputs().get("result"));
            Files.writeString(out, ctx.parameter("protocol").orElseThrow() + "\n");
            ctx.log("wrote " + out.getFileName());
        });
        TaskStatus first = tasks.start("test_psi", null, env, only(c));
        assertEquals(TaskStatus.RUNNING, first.state());
        assertEquals("guest", first.role());
        assertEquals("1.0.0", first.version());
        TaskStatus done = awaitEnd("task_ok");
        assertEquals(TaskStatus.SUCCESS, done.state());
        assertNull(done.reason());
        assertEquals(1.0, done.progress());
        assertTrue(done.ended() != null && !done.ended().isBefore(done.started()));
        assertEquals("ECDH_PSI_2PC\n", Files.readString(data.resolve("storage/job-1-guest-0/task_ok-result.csv")));
        String log = Files.readString(data.resolve("logs/tasks/task_ok/task.log"));
        assertTrue(log.contains("task started: component test_psi 1.0.0, role guest.0, session session_job_1"), log);
        assertTrue(log.contains("stage: handshake"), log);
        assertTrue(log.contains("wrote task_ok-result.csv"), log);
        assertTrue(log.contains("task SUCCESS"), log);
        awaitAdmitted(0);
        assertEquals(1, leasesReturned.get(), "the component object is given back once the task ended");
    }

    @Test
    void aTaskThatThrowsFailsWithTheExceptionsMessageAndTheLogHasTheTrace() throws Exception {
        tasks(1, 0);
        tasks.start("test_psi", "1.0.0", env("task_bad"), only(component("1.0.0", ctx -> {
            throw new IllegalStateException("peer refused the handshake: curve FOURQ not supported");
        })));
        TaskStatus s = awaitEnd("task_bad");
        assertEquals(TaskStatus.FAILED, s.state());
        assertEquals("peer refused the handshake: curve FOURQ not supported", s.reason());
        String log = Files.readString(data.resolve("logs/tasks/task_bad/task.log"));
        assertTrue(log.contains("task FAILED: peer refused the handshake"), log);
        assertTrue(log.contains("java.lang.IllegalStateException: peer refused the handshake"), log);
        assertTrue(log.contains("at io.hutong.component.runtime.impl.InProcessTasksTest"), "stack trace: " + log);
    }

    @Test
    void anErrorWithoutMessageIsNamedByItsType() throws Exception {
        tasks(1, 0);
        tasks.start("test_psi", null, env("task_err"), only(component("1.0.0", ctx -> {
            throw new NoClassDefFoundError("io/hutong/algo/Missing");
        })));
        assertEquals("NoClassDefFoundError: io/hutong/algo/Missing", awaitEnd("task_err").reason());
    }

    @Test
    void whenEverySlotIsTakenTheNextTaskIsRefusedUntilOneEnds() throws Exception {
        tasks(1, 1);
        CountDownLatch release = new CountDownLatch(1);
        AlgorithmComponent blocking = component("1.0.0", ctx -> release.await());
        tasks.start("test_psi", null, env("t1"), only(blocking));
        tasks.start("test_psi", null, env("t2"), only(blocking));
        IllegalStateException full = assertThrows(IllegalStateException.class,
                () -> tasks.start("test_psi", null, env("t3"), only(blocking)));
        assertEquals("the runtime already runs 2 tasks (max_running_tasks 1, max_waiting_tasks 1); try again when one has ended",
                full.getMessage());
        assertTrue(tasks.status("t3").isEmpty(), "a refused task leaves no record");
        assertFalse(Files.exists(data.resolve("logs/tasks/t3")), "nor a log");
        assertEquals("waiting", tasks.status("t2").orElseThrow().stage(), "t2 waits for the one thread");
        release.countDown();
        assertEquals(TaskStatus.SUCCESS, awaitEnd("t1").state());
        assertEquals(TaskStatus.SUCCESS, awaitEnd("t2").state());
        awaitAdmitted(0);
        tasks.start("test_psi", null, env("t3"), only(blocking));
        assertEquals(TaskStatus.SUCCESS, awaitEnd("t3").state());
    }

    @Test
    void aRunningTaskIdIsTakenButAFinishedOneMayRunAgain() throws Exception {
        tasks(2, 0);
        CountDownLatch release = new CountDownLatch(1);
        tasks.start("test_psi", null, env("again"), only(component("1.0.0", ctx -> release.await())));
        InProcessTasks.TaskIdTaken taken = assertThrows(InProcessTasks.TaskIdTaken.class,
                () -> tasks.start("test_psi", null, env("again"), only(component("1.0.0", ctx -> { }))));
        assertEquals("task again is already RUNNING on this node", taken.getMessage());
        release.countDown();
        awaitEnd("again");
        tasks.start("test_psi", null, env("again"), only(component("1.0.0", ctx -> {
            throw new Exception("second run");
        })));
        assertEquals("second run", awaitEnd("again").reason());
        String log = Files.readString(data.resolve("logs/tasks/again/task.log"));
        assertTrue(log.contains("task SUCCESS") && log.contains("task FAILED: second run"), "the log continues: " + log);
        assertEquals(1, tasks.list().size());
    }

    @Test
    void cancellingInterruptsTheComponentAndEndsTheTaskFailed() throws Exception {
        tasks(1, 0);
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        tasks.start("test_psi", null, env("long"), only(component("1.0.0", ctx -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        })));
        assertTrue(started.await(120, TimeUnit.SECONDS));
        assertTrue(tasks.cancel("long"));
        TaskStatus s = tasks.status("long").orElseThrow();
        assertEquals(TaskStatus.FAILED, s.state());
        assertEquals("cancelled", s.reason());
        awaitAdmitted(0);
        assertEquals(Boolean.TRUE, interrupted.get());
        assertFalse(tasks.cancel("long"), "an ended task cannot be cancelled");
        assertFalse(tasks.cancel("nothing"));
        assertEquals("cancelled", tasks.status("long").orElseThrow().reason(), "the interruption does not overwrite the reason");
    }

    @Test
    void uninstallingTheComponentsBundleEndsItsTasks() throws Exception {
        tasks(1, 0);
        CountDownLatch started = new CountDownLatch(1);
        tasks.start("test_psi", null, env("orphan"), only(component("1.0.0", ctx -> {
            started.countDown();
            new CountDownLatch(1).await();
        })));
        assertTrue(started.await(120, TimeUnit.SECONDS));
        tasks.componentRemoved(7);
        assertEquals(TaskStatus.RUNNING, tasks.status("orphan").orElseThrow().state(), "another bundle went");
        tasks.componentRemoved(42);
        assertEquals("component removed", tasks.status("orphan").orElseThrow().reason());
        awaitAdmitted(0);
    }

    @Test
    void whenItsBundleStopsARunningTaskHasItsCodeLoadedOnceAndRunsOn() throws Exception {
        tasks(1, 0);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        tasks.start("test_psi", null, env("pinned"), only(component("1.0.0", ctx -> {
            started.countDown();
            release.await();
        })));
        assertTrue(started.await(120, TimeUnit.SECONDS));
        tasks.componentStopping(7);
        assertEquals(0, pins.get(), "another bundle stops");
        tasks.componentStopping(42); // the update stops the bundle
        tasks.componentStopping(42); // so does the refresh after it
        tasks.componentUpdated(42);
        assertEquals(1, pins.get());
        release.countDown();
        assertEquals(TaskStatus.SUCCESS, awaitEnd("pinned").state());
        String log = Files.readString(data.resolve("logs/tasks/pinned/task.log"));
        assertTrue(log.contains("the component bundle is stopping (update, refresh or stop): 1 classes"), log);
        assertTrue(log.contains("the component bundle was updated; this task continues on the code it started with"), log);
    }

    @Test
    void transportSessionsCarryTheTaskAndAreReleasedWhenItEnds() throws Exception {
        tasks(2, 0);
        Map<String, String> env = env("talk");
        env.put("config.inst_id.host.0", "inst-bob");
        env.put("config.token", "token_job_1");
        env.put("config.trace_id", "trace-1");
        AtomicReference<String> unknownParty = new AtomicReference<>();
        tasks.start("test_psi", null, env, only(component("1.0.0", ctx -> {
            TransportSession s = ctx.transport("host.0");
            assertTrue(s == ctx.transport("host.0"), "one session per party");
            s.push(new byte[] {1}, Map.of(), "guest.0-host.0");
            try {
                ctx.transport("arbiter.0");
            } catch (IllegalArgumentException e) {
                unknownParty.set(e.getMessage());
            }
        })));
        assertEquals(TaskStatus.SUCCESS, awaitEnd("talk").state());
        awaitAdmitted(0);
        assertEquals(List.of(Map.of(PtpHeaders.TARGET_NODE_ID, "bob", PtpHeaders.TARGET_INST_ID, "inst-bob",
                PtpHeaders.TOKEN, "token_job_1", PtpHeaders.TRACE_ID, "trace-1")), transport.opened);
        assertEquals(List.of("session_job_1"), transport.released);
        assertEquals("task talk has no party arbiter.0 (no config.node_id.arbiter.0); parties: [guest.0, host.0]",
                unknownParty.get());
    }

    @Test
    void aSessionSharedWithAnotherRunningTaskStaysOpen() throws Exception {
        tasks(2, 0);
        CountDownLatch hostMayEnd = new CountDownLatch(1);
        Map<String, String> host = env("host_side");
        host.put("config.self_role", "host.0");
        tasks.start("test_psi", null, host, only(component("1.0.0", ctx -> {
            ctx.transport("guest.0");
            hostMayEnd.await();
        })));
        tasks.start("test_psi", null, env("guest_side"), only(component("1.0.0", ctx -> ctx.transport("host.0"))));
        awaitEnd("guest_side");
        awaitAdmitted(1);
        assertEquals(List.of(), transport.released, "the host task still uses session_job_1");
        hostMayEnd.countDown();
        awaitEnd("host_side");
        awaitAdmitted(0);
        assertEquals(List.of("session_job_1"), transport.released);
    }

    @Test
    void finishedTasksAreForgottenAfterTheRetentionOrBeyondTheLimit() throws Exception {
        tasks(1, 0);
        for (String id : List.of("a", "b", "c", "d")) {
            tasks.start("test_psi", null, env(id), only(component("1.0.0", ctx -> { })));
            awaitEnd(id);
            awaitAdmitted(0);
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(List.of("d", "c", "b"), tasks.list().stream().map(TaskStatus::taskId).toList(),
                "newest first, at most 3 finished");
        clock.advance(Duration.ofMinutes(11));
        assertTrue(tasks.list().isEmpty());
        assertTrue(Files.exists(data.resolve("logs/tasks/a/task.log")), "logs stay on disk");
    }

    @Test
    void anUnknownComponentIsRefusedBeforeAnythingStarts() {
        tasks(1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tasks.start("other", null, env("x"), only(component("1.0.0", ctx -> { }))));
        assertEquals("no component other", e.getMessage());
        assertEquals("component is missing: name the componentName to run", assertThrows(IllegalArgumentException.class,
                () -> tasks.start(" ", null, env("x"), only(component("1.0.0", ctx -> { })))).getMessage());
        assertEquals(0, tasks.admitted());
    }

    @Test
    void newLimitsApplyWithoutDisturbingRunningTasks() throws Exception {
        tasks(1, 0);
        CountDownLatch release = new CountDownLatch(1);
        AlgorithmComponent blocking = component("1.0.0", ctx -> release.await());
        tasks.start("test_psi", null, env("one"), only(blocking));
        assertThrows(IllegalStateException.class, () -> tasks.start("test_psi", null, env("two"), only(blocking)));
        InProcessTasks.Settings s = tasks.settings();
        tasks.configure(new InProcessTasks.Settings(2, 0, s.retention(), s.maxFinished(), s.storage(), s.logRoot()));
        tasks.start("test_psi", null, env("two"), only(blocking));
        assertEquals(TaskStatus.RUNNING, tasks.status("one").orElseThrow().state());
        release.countDown();
        assertEquals(TaskStatus.SUCCESS, awaitEnd("one").state());
        assertEquals(TaskStatus.SUCCESS, awaitEnd("two").state());
    }

    @Test
    void versionsCompareAsPeopleReadThem() {
        List<String> v = new ArrayList<>(List.of("1.10.0", "1.9.2", "2.0.0-rc1", "1.9", "2.0.0"));
        v.sort(ComponentVersions.ORDER);
        assertEquals(List.of("1.9", "1.9.2", "1.10.0", "2.0.0-rc1", "2.0.0"), v);
    }

    /** A transport that records what the runtime asks of it. */
    static final class RecordingTransport implements Transport {
        final List<Map<String, String>> opened = Collections.synchronizedList(new ArrayList<>());
        final List<String> released = Collections.synchronizedList(new ArrayList<>());

        @Override
        public TransportSession open(String sessionId, Map<String, String> metadata) {
            opened.add(Map.copyOf(metadata));
            return new TransportSession() {
                @Override
                public String sessionId() {
                    return sessionId;
                }

                @Override
                public void push(byte[] payload, Map<String, String> m, String topic) {
                }

                @Override
                public Optional<byte[]> pop(Duration timeout, String topic) {
                    return Optional.empty();
                }

                @Override
                public Optional<byte[]> peek(String topic) {
                    return Optional.empty();
                }

                @Override
                public void release() {
                    released.add(sessionId);
                }
            };
        }

        @Override
        public void send(PtpMessage message) {
        }

        @Override
        public boolean receive(PtpMessage message) {
            return true;
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> roundtrip(byte[] payload, Map<String, String> metadata) {
            // as a node where no resource is registered; the runtime itself never asks one
            return java.util.concurrent.CompletableFuture.failedFuture(new io.hutong.api.transport.PtpException(
                    io.hutong.api.transport.PtpCodes.NOT_FOUND, "no resource at x-ptp-uri " + metadata.get("x-ptp-uri")));
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-28T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
