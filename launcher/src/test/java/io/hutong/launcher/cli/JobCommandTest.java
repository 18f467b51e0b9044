/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * {@code hutong job} against a loopback server that answers the standard's north-south paths with the
 * documented shapes of spec 20 §4.3 for one finished two-task job: the exact requests the commands
 * send (paths, query parameters, bodies), what they print and their exit status. This checks the
 * client's side of the wire only; the commands against a real node's platform API are in the itests.
 */
class JobCommandTest {

    static final String JOB = "job-0123456789abcdef0123456789abcdef";
    static final String PSI = "task_00000000000000000000000000000001";
    static final String COUNT = "task_00000000000000000000000000000002";
    HttpServer admin;
    final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        admin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        admin.createContext("/", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String call = x.getRequestMethod() + " " + x.getRequestURI() + (body.isEmpty() ? "" : " " + body);
            asked.add(call);
            int status = 200;
            String data;
            String path = x.getRequestURI().getPath();
            String q = String.valueOf(x.getRequestURI().getRawQuery());
            if (path.equals("/v1/platform/schedule/job/query_job_list")) {
                data = "{\"job_list\":{\"" + JOB + "\":\"FINISHED\"}}";
            } else if (path.equals("/v1/platform/schedule/job/status_all") && q.equals("job_id=" + JOB)) {
                data = "{\"job_status\":\"FINISHED\",\"status\":{\"" + PSI + "\":\"SUCCESS\",\"" + COUNT + "\":\"FAILED\"},"
                        + "\"dag\":{\"version\":\"2.0\",\"components\":["
                        + "{\"name\":\"count_1\",\"componentName\":\"row_count\",\"version\":\"1.0.0\",\"provider\":\"hutong\","
                        + "\"input\":[{\"key\":\"psi_0.result\",\"type\":\"dataset\"}],\"output\":[]},"
                        + "{\"name\":\"psi_0\",\"componentName\":\"ecdh_psi\",\"version\":\"1.0.0\",\"provider\":\"hutong\","
                        + "\"input\":[],\"output\":[{\"key\":\"result\",\"type\":\"dataset\"}]}]},"
                        + "\"runs\":[{\"task_id\":\"" + PSI + "\",\"task_name\":\"psi_0\",\"roles\":[\"guest.0\"],\"status\":\"SUCCESS\"},"
                        + "{\"task_id\":\"" + COUNT + "\",\"task_name\":\"count_1\",\"roles\":[\"guest.0\"],\"status\":\"FAILED\","
                        + "\"reason\":\"exit 3\"}]}";
            } else if (path.equals("/v1/platform/schedule/task/get_log_line") && q.startsWith("task_id=" + PSI + "&")) {
                data = "{\"num\":3}";
            } else if (path.equals("/v1/platform/schedule/task/get_log") && q.startsWith("task_id=" + PSI + "&")) {
                data = "{\"data\":\"one\\ntwo\\nthree\"}";
            } else if (path.equals("/v1/platform/schedule/job/stop_all") || path.equals("/v1/platform/schedule/job/stop_task")) {
                data = body.contains(JOB) ? "{}" : null;
                status = data == null ? 404 : 200;
            } else {
                status = 404;
                data = null;
            }
            byte[] out = ("{\"code\":" + (status == 200 ? 0 : status) + ",\"msg\":\"" + (status == 200 ? "success" : "not here")
                    + "\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, out.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(out);
            }
        });
        admin.start();
    }

    @AfterEach
    void stop() {
        admin.stop(0);
    }

    record Run(int exit, String out) {
    }

    /** Runs {@code hutong <words> --admin <the stand-in>}; what goes to stderr (messages, usage) is in {@code out} too. */
    Run run(String... words) {
        List<String> args = new ArrayList<>(List.of(words));
        args.add("--admin");
        args.add("http://127.0.0.1:" + admin.getAddress().getPort());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = Hutong.execute(Path.of("."), args.toArray(String[]::new), print, print);
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listAsksQueryJobListWithTheFlow() throws Exception {
        Run r = run("job", "list", "--flow-id", "f 1");
        assertEquals(0, r.exit(), r.out());
        assertEquals("GET /v1/platform/schedule/job/query_job_list?flow_id=f+1", asked.get(0));
        assertTrue(r.out().contains(JOB) && r.out().contains("FINISHED"), r.out());
    }

    @Test
    void showPrintsTheDagUpstreamFirstWithEachTasksState() throws Exception {
        Run r = run("job", "show", JOB);
        assertEquals(0, r.exit(), r.out());
        assertEquals("GET /v1/platform/schedule/job/status_all?job_id=" + JOB, asked.get(0));
        String out = r.out();
        assertTrue(out.contains("status    FINISHED"), out);
        assertTrue(out.indexOf("psi_0  ecdh_psi 1.0.0") < out.indexOf("count_1  row_count 1.0.0  <- psi_0.result"), out);
        assertTrue(out.contains(PSI) && out.contains("SUCCESS") && out.contains(COUNT + " ") && out.contains("FAILED: exit 3"), out);
        Run waited = run("job", "show", JOB, "--wait");
        assertEquals(1, waited.exit(), "a finished job with a failed task is not a success: " + waited.out());
    }

    @Test
    void logReadsTheLineCountThenTheLines() throws Exception {
        Run r = run("job", "log", PSI, "--level", "ERROR", "--start", "0", "--length", "3");
        assertEquals(0, r.exit(), r.out());
        assertEquals(List.of("GET /v1/platform/schedule/task/get_log_line?task_id=" + PSI + "&log_level=error",
                "GET /v1/platform/schedule/task/get_log?task_id=" + PSI + "&log_level=error&start=0&length=3"), asked);
        assertTrue(r.out().startsWith("one\ntwo\nthree\n"), r.out());
        Run ofJob = run("job", "log", JOB);
        assertEquals(0, ofJob.exit(), ofJob.out());
        assertTrue(ofJob.out().contains("== psi_0 " + PSI + " ==\none\ntwo\nthree\n== count_1 " + COUNT + " ==\n(not here)"), ofJob.out());
        Run unknown = run("job", "log", "task_ffffffffffffffffffffffffffffffff");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.out().contains("failed: 404 not here"), unknown.out());
    }

    @Test
    void stopPostsStopAllOrStopTask() throws Exception {
        assertEquals(0, run("job", "stop", JOB).exit());
        assertEquals("POST /v1/platform/schedule/job/stop_all {\"job_id\":\"" + JOB + "\"}", asked.get(0));
        assertEquals(0, run("job", "stop", JOB, "--task", "count_1").exit());
        assertEquals("POST /v1/platform/schedule/job/stop_task {\"job_id\":\"" + JOB + "\",\"task_name\":\"count_1\"}", asked.get(1));
        Run unknown = run("job", "stop", "job-ffffffffffffffffffffffffffffffff");
        assertEquals(1, unknown.exit());
    }

    @Test
    void badArgumentsAskNothing() {
        Run noId = run("job", "show");
        assertEquals(2, noId.exit(), noId.out());
        assertTrue(noId.out().startsWith("hutong: Missing required parameter: 'JOB_ID'\nusage: hutong job show"), noId.out());
        Run extra = run("job", "stop", JOB, "extra");
        assertEquals(2, extra.exit(), extra.out());
        assertTrue(extra.out().startsWith("hutong: unexpected argument extra"), extra.out());
        Run trace = run("job", "log", PSI, "--level", "trace");
        assertEquals(2, trace.exit(), trace.out());
        assertTrue(trace.out().contains("--level"), trace.out());
        Run negative = run("job", "log", PSI, "--start", "-1");
        assertEquals(2, negative.exit(), negative.out());
        assertTrue(negative.out().startsWith("hutong: --start must be a whole number ≥ 0, not -1"), negative.out());
        Run notANumber = run("job", "log", PSI, "--length", "lots");
        assertEquals(2, notANumber.exit(), notANumber.out());
        assertTrue(notANumber.out().startsWith("hutong: --length must be a whole number, got 'lots'"), notANumber.out());
        assertTrue(asked.isEmpty(), "nothing asked on bad arguments: " + asked);
    }
}
