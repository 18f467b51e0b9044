/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.SessionQueues;
import io.hutong.itests.algorithm.CopyAlgorithm;
import io.hutong.itests.algorithm.LateLoaded;

/**
 * The in-process component runtime of a {@code node}: a component bundle dropped into deploy/ runs
 * tasks through the admin API, answers the standard's task query, and is updated and removed while
 * tasks run.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ComponentRuntimeIT {

    private static final Duration READY = Duration.ofSeconds(300);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUNDLE = "io.hutong.itests.algorithm";

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return NodeOptions.node("node");
    }

    private String admin() {
        return "http://127.0.0.1:" + context.getProperty("hutong.port.admin");
    }

    private String eastWest() {
        return "http://127.0.0.1:" + context.getProperty("hutong.port.east_west");
    }

    private Path data() {
        return Path.of(context.getProperty("hutong.data"));
    }

    private Path deployed() {
        return Path.of(context.getProperty("hutong.home"), "deploy", "itest-copy.jar");
    }

    @Before
    public void nodeIsUp() throws InterruptedException {
        Http.Reply r = Http.await(admin() + "/v1/admin/status", READY,
                x -> x.status() == 200 && "UP".equals(x.json().path("data").path("status").asText()));
        assertEquals("admin status: " + r.body(), 200, r.status());
        if (shipped != null) {
            return; // the node is shared by the class's tests (PerClass): the shipped list was read once
        }
        // the shipped components register with their bundles' services: wait until the list holds still
        List<String> before;
        List<String> now = components(r);
        do {
            before = now;
            Thread.sleep(1000);
            now = components(Http.get(admin() + "/v1/admin/status"));
        } while (!now.equals(before));
        shipped = now.stream().filter(c -> !c.startsWith("itest_copy ")).toList();
    }

    private void deploy(String version) throws Exception {
        TestBundles.writeComponents(deployed(), BUNDLE, version,
                "org.osgi.framework,io.hutong.api.component,io.hutong.api.transport",
                Map.of(CopyAlgorithm.VERSION_HEADER, version), CopyAlgorithm.class, LateLoaded.class);
        awaitComponents("itest_copy " + version);
    }

    /** Components the profile ships (e.g. {@code ecdh_psi}), listed beside the test's. */
    private static List<String> shipped;

    private List<String> components(Http.Reply status) {
        List<String> names = new ArrayList<>();
        runtimeHealth(status).path("details").path("components").forEach(c -> names.add(c.asText()));
        return names;
    }

    /** @return what the runtime lists with {@code deployed} beside the shipped components, sorted as it sorts */
    private List<String> expected(String... deployed) {
        List<String> all = new ArrayList<>(shipped);
        all.addAll(List.of(deployed));
        java.util.Collections.sort(all);
        return all;
    }

    /** Waits until the runtime's health lists exactly the shipped components and {@code deployed}. */
    private void awaitComponents(String... deployed) throws InterruptedException {
        List<String> want = expected(deployed);
        Http.Reply r = Http.await(admin() + "/v1/admin/status", READY, x -> x.status() == 200 && want.equals(components(x)));
        assertEquals("components in " + r.body(), want, components(r));
    }

    private static JsonNode runtimeHealth(Http.Reply status) {
        for (JsonNode h : status.json().path("data").path("health").path("component")) {
            if ("runtime".equals(h.path("name").asText())) {
                return h;
            }
        }
        return JSON.missingNode();
    }

    private Map<String, String> env(String taskId) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("config.task_id", taskId);
        env.put("config.self_role", "guest.0");
        env.put("config.node_id.guest.0", "itest-node");
        env.put("config.node_id.host.0", "peer-node");
        env.put("config.session_id", "session_" + taskId);
        env.put("runtime.component.input.data", "{\"namespace\":\"testspace\",\"name\":\"input.csv\"}");
        env.put("runtime.component.output.result", "{\"namespace\":\"job-" + taskId + "-guest-0\",\"name\":\"" + taskId + "-result.csv\"}");
        return env;
    }

    private Http.Reply start(String component, String version, Map<String, String> env) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("component", component);
        if (version != null) {
            body.put("version", version);
        }
        body.put("env", env);
        return Http.post(admin() + "/v1/admin/tasks", null, null, "application/json", JSON.writeValueAsBytes(body));
    }

    private JsonNode started(Http.Reply r) {
        assertEquals(r.body(), 200, r.status());
        assertEquals(r.body(), 0, r.json().path("code").asInt(-1));
        return r.json().path("data");
    }

    private JsonNode awaitState(String taskId, String state) throws InterruptedException {
        Http.Reply r = Http.await(admin() + "/v1/admin/tasks/" + taskId, READY,
                x -> x.status() == 200 && state.equals(x.json().path("data").path("status").asText()));
        assertEquals("task " + taskId + ": " + r.body(), state, r.json().path("data").path("status").asText());
        return r.json().path("data");
    }

    private JsonNode awaitStage(String taskId, String prefix) throws InterruptedException {
        Http.Reply r = Http.await(admin() + "/v1/admin/tasks/" + taskId, READY,
                x -> x.status() == 200 && x.json().path("data").path("stage").asText().startsWith(prefix));
        assertTrue("task " + taskId + ": " + r.body(), r.json().path("data").path("stage").asText().startsWith(prefix));
        return r.json().path("data");
    }

    private String output(String taskId) throws IOException {
        return Files.readString(data().resolve("storage").resolve("job-" + taskId + "-guest-0").resolve(taskId + "-result.csv"));
    }

    private Http.Reply query(String body) {
        return Http.post(eastWest() + "/v1/platform/algorithm/task/query", null, null, "application/json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static Http.Reply delete(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(Http.admin(HttpRequest.newBuilder(URI.create(url)))
                .timeout(Duration.ofSeconds(30)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        return new Http.Reply(r.statusCode(), r.body());
    }

    private void input() throws IOException {
        Path in = data().resolve("storage/testspace/input.csv");
        Files.createDirectories(in.getParent());
        Files.writeString(in, "id\nalice\n");
    }

    @Test
    public void aDeployedComponentRunsTasksAndTheSchedulerCanQueryThem() throws Exception {
        input();
        deploy("1.0.0");
        try {
            JsonNode s = started(start("itest_copy", null, env("task_ok")));
            assertEquals("task_ok", s.path("task_id").asText());
            assertEquals("itest_copy", s.path("component").asText());
            assertEquals("1.0.0", s.path("version").asText());
            assertEquals("guest", s.path("role").asText());
            assertEquals("RUNNING", s.path("status").asText());
            JsonNode done = awaitState("task_ok", "SUCCESS");
            assertEquals(1.0, done.path("progress").asDouble(), 0.0);
            assertTrue(done.toString(), done.path("reason").isNull());
            assertTrue(done.toString(), !done.path("ended").asText().isEmpty());
            assertTrue(output("task_ok"), output("task_ok").startsWith("version=1.0.0\n"));
            assertTrue(output("task_ok"), output("task_ok").endsWith("late=loaded\nid\nalice\n"));

            Http.Reply log = Http.get(admin() + "/v1/admin/tasks/task_ok/log");
            assertEquals(200, log.status());
            assertTrue(log.body(), log.body().contains("task started: component itest_copy 1.0.0, role guest.0"));
            assertTrue(log.body(), log.body().contains("copy 1.0.0 wrote "));
            assertTrue(log.body(), log.body().contains("task SUCCESS"));
            assertTrue("the log is where the contract puts it",
                    Files.readString(data().resolve("logs/tasks/task_ok/task.log")).contains("task SUCCESS"));

            // the standard's task query, top-level fields
            Http.Reply q = query("{\"task_id\":\"task_ok\"}");
            assertEquals(q.body(), 200, q.status());
            assertEquals(JSON.readTree("{\"code\":0,\"status\":\"SUCCESS\",\"role\":\"guest\"}"), q.json());
            Http.Reply unknown = query("{\"task_id\":\"task_nobody\"}");
            assertEquals(404, unknown.status());
            assertEquals("no task task_nobody on this node", unknown.json().path("msg").asText());
            assertEquals(400, query("{}").status());
            assertEquals("task_id is missing", query("{}").json().path("msg").asText());
            assertEquals("the query is not an operator endpoint", 404,
                    Http.post(admin() + "/v1/platform/algorithm/task/query", null, null, "application/json",
                            "{\"task_id\":\"task_ok\"}".getBytes()).status());

            Http.Reply api = Http.get(admin() + "/v1/admin/runtime/openapi.json");
            assertEquals(200, api.status());
            assertTrue(api.body(), api.json().path("paths").has("/v1/admin/tasks/{taskId}/log"));

            Http.Reply list = Http.get(admin() + "/v1/admin/tasks");
            assertEquals(200, list.status());
            boolean listed = false;
            for (JsonNode t : list.json().path("data")) {
                listed |= "task_ok".equals(t.path("task_id").asText());
            }
            assertTrue(list.body(), listed);
        } finally {
            Files.deleteIfExists(deployed());
            awaitComponents();
        }
    }

    @Test
    public void aTaskTalksThroughTheNodesTransportAndItsSessionIsReleasedWhenItEnds() throws Exception {
        input();
        deploy("1.0.0");
        try {
            Map<String, String> env = env("task_echo");
            env.put("config.node_id.host.0", "itest-node"); // the peer role on this very node: its queue is here
            env.put("config.token", "token_job_echo");
            env.put("runtime.component.parameter.echo_to", "host.0");
            started(start("itest_copy", null, env));
            awaitState("task_echo", "SUCCESS");
            assertTrue(output("task_echo"), output("task_echo").contains("echo=hello from guest.0\n"));
            // the runtime releases a task's sessions once the component has returned, just after the task says SUCCESS
            String log = Http.await(admin() + "/v1/admin/tasks/task_echo/log", READY,
                    x -> x.body().contains("transport session session_task_echo released")).body();
            assertTrue(log, log.contains("transport session session_task_echo opened towards host.0 (node itest-node)"));
            assertTrue(log, log.contains("transport session session_task_echo released"));
            SessionQueues queues = context.getService(context.getServiceReference(SessionQueues.class));
            PtpException released = org.junit.Assert.assertThrows(PtpException.class,
                    () -> queues.peek("session_task_echo", "itest"));
            assertEquals(PtpCodes.RELEASED, released.code());
        } finally {
            Files.deleteIfExists(deployed());
            awaitComponents();
        }
    }

    @Test
    public void aFailingTaskSaysWhyAndBadRequestsNameTheProblem() throws Exception {
        input();
        deploy("1.0.0");
        try {
            Map<String, String> env = env("task_fails");
            env.put("runtime.component.parameter.fail", "peer refused the handshake: unsupported curve");
            started(start("itest_copy", "1.0.0", env));
            JsonNode failed = awaitState("task_fails", "FAILED");
            assertEquals("peer refused the handshake: unsupported curve", failed.path("reason").asText());
            Http.Reply q = query("{\"task_id\":\"task_fails\"}");
            assertEquals(JSON.readTree("{\"code\":0,\"status\":\"FAILED\",\"role\":\"guest\"}"), q.json());
            assertTrue(Http.get(admin() + "/v1/admin/tasks/task_fails/log").body()
                    .contains("java.lang.IllegalStateException: peer refused the handshake"));

            Map<String, String> noSession = env("task_bad");
            noSession.remove("config.session_id");
            Http.Reply bad = start("itest_copy", null, noSession);
            assertEquals(400, bad.status());
            assertEquals("config.session_id is missing: it is required (spec 30 §3.3)", bad.json().path("msg").asText());

            Map<String, String> badInput = env("task_bad");
            badInput.put("runtime.component.input.data", "testspace/input.csv");
            bad = start("itest_copy", null, badInput);
            assertEquals(400, bad.status());
            assertTrue(bad.body(), bad.json().path("msg").asText().startsWith("runtime.component.input.data is not JSON"));

            bad = start("itest_copy", "9.9.9", env("task_bad"));
            assertEquals(400, bad.status());
            assertEquals("no component itest_copy in version 9.9.9 is registered on this node; registered: "
                    + expected("itest_copy 1.0.0"),
                    bad.json().path("msg").asText());
            bad = Http.post(admin() + "/v1/admin/tasks", null, null, "application/json", "{\"component\":".getBytes());
            assertEquals(400, bad.status());
            assertEquals(0, bad.json().path("data").size());

            Http.Reply unknown = Http.get(admin() + "/v1/admin/tasks/task_bad");
            assertEquals(404, unknown.status());
            assertEquals(404, unknown.json().path("code").asInt());
            assertEquals(404, Http.get(admin() + "/v1/admin/tasks/task_bad/log").status());
        } finally {
            Files.deleteIfExists(deployed());
            awaitComponents();
        }
    }

    @Test
    public void anUpdateWhileATaskRunsLeavesItOnItsCodeAndTheNextTaskRunsTheNewVersion() throws Exception {
        input();
        deploy("1.0.0");
        Path goOld = data().resolve("go-old");
        Path goNew = data().resolve("go-new");
        try {
            Map<String, String> old = env("task_old");
            old.put("runtime.component.parameter.wait_for", goOld.toString());
            assertEquals("1.0.0", started(start("itest_copy", null, old)).path("version").asText());
            awaitStage("task_old", "waiting for");

            deploy("2.0.0"); // FileInstall updates the bundle in place (and refreshes it)
            Map<String, String> next = env("task_new");
            next.put("runtime.component.parameter.wait_for", goNew.toString());
            assertEquals("the next task gets the new version", "2.0.0",
                    started(start("itest_copy", null, next)).path("version").asText());
            assertEquals("RUNNING", awaitState("task_old", "RUNNING").path("status").asText());

            Files.writeString(goNew, "go");
            awaitState("task_new", "SUCCESS");
            Files.writeString(goOld, "go");
            JsonNode oldDone = awaitState("task_old", "SUCCESS");
            assertEquals("1.0.0", oldDone.path("version").asText());
            String oldOut = output("task_old");
            String newOut = output("task_new");
            assertTrue(oldOut, oldOut.startsWith("version=1.0.0\n"));
            assertTrue(newOut, newOut.startsWith("version=2.0.0\n"));
            assertNotEquals("two class loaders", oldOut.split("\n")[1], newOut.split("\n")[1]);
            assertTrue("the old task still loads its own classes after the update: " + oldOut, oldOut.contains("late=loaded"));
            String log = Http.get(admin() + "/v1/admin/tasks/task_old/log").body();
            assertTrue(log, log.contains("the component bundle was updated; this task continues on the code it started with"));
            assertTrue(log, log.contains("classes of the revision this task runs on are loaded so it can finish on them"));
        } finally {
            Files.deleteIfExists(deployed());
            awaitComponents();
        }
    }

    @Test
    public void cancellingAndRemovingTheComponentEndRunningTasks() throws Exception {
        input();
        deploy("1.0.0");
        Path never = data().resolve("never");
        Map<String, String> a = env("task_cancel");
        a.put("runtime.component.parameter.wait_for", never.toString());
        started(start("itest_copy", null, a));
        awaitStage("task_cancel", "waiting for");
        Http.Reply c = delete(admin() + "/v1/admin/tasks/task_cancel");
        assertEquals(c.body(), 200, c.status());
        assertEquals("FAILED", c.json().path("data").path("status").asText());
        assertEquals("cancelled", c.json().path("data").path("reason").asText());
        assertEquals(409, delete(admin() + "/v1/admin/tasks/task_cancel").status());
        assertEquals(404, delete(admin() + "/v1/admin/tasks/task_nobody").status());

        Map<String, String> b = env("task_orphan");
        b.put("runtime.component.parameter.wait_for", never.toString());
        started(start("itest_copy", null, b));
        awaitStage("task_orphan", "waiting for");
        Files.delete(deployed());
        assertEquals("component removed", awaitState("task_orphan", "FAILED").path("reason").asText());
        awaitComponents();
        Http.Reply gone = start("itest_copy", null, env("task_after"));
        assertEquals(400, gone.status());
        assertEquals("no component itest_copy is registered on this node; registered: " + expected(),
                gone.json().path("msg").asText());
    }

    /**
     * The console's Tasks page: the running task with its stage, log tail and Cancel button, the JSON the
     * page polls, a reason from a stranger's data shown as text, a cross-origin form refused, the button
     * cancelling the task, a second click answered 409 as a readable page.
     */
    @Test
    public void theTasksPageShowsTasksAndItsButtonCancelsARunningOne() throws Exception {
        input();
        deploy("1.0.0");
        try {
            String page = admin() + "/system/console/tasks";
            String auth = Http.basic("admin", context.getProperty(NodeOptions.CONSOLE_PASSWORD));
            Map<String, String> failing = env("task_page_fails");
            failing.put("runtime.component.parameter.fail", "<script>alert('peer')</script> & more");
            started(start("itest_copy", null, failing));
            awaitState("task_page_fails", "FAILED");
            Map<String, String> waiting = env("task_page");
            waiting.put("runtime.component.parameter.wait_for", data().resolve("never").toString());
            started(start("itest_copy", null, waiting));
            awaitStage("task_page", "waiting for");

            assertEquals("the page needs the console login", 401, Http.get(page).status());
            Http.Reply shown = Http.send("GET", page, null, null, "Authorization", auth);
            assertEquals(shown.body(), 200, shown.status());
            String html = shown.body();
            assertTrue(html, html.contains("<td>task_page</td><td>itest_copy 1.0.0</td><td>guest</td><td>RUNNING</td><td>10 %</td>"));
            assertTrue(html, html.contains("name='id' value='task_page'/><button name='action' value='cancel'>Cancel</button>"));
            assertTrue(html, html.contains("copy 1.0.0 starts"));
            assertTrue("a failed task has no Cancel button: " + html, !html.contains("value='task_page_fails'/><button"));
            assertTrue(html, html.contains("&lt;script&gt;alert(&#39;peer&#39;)&lt;/script&gt; &amp; more"));
            assertTrue("nothing a task wrote reaches the page as markup: " + html, !html.contains("<script>alert("));
            assertTrue("the page refreshes itself", html.contains("fetch('tasks/data.json'"));

            Http.Reply json = Http.send("GET", page + "/data.json", null, null, "Authorization", auth);
            assertEquals(json.body(), 200, json.status());
            assertTrue(json.json().path("running").asBoolean());
            JsonNode row = null;
            for (JsonNode t : json.json().path("tasks")) {
                row = "task_page".equals(t.path("task_id").asText()) ? t : row;
            }
            assertTrue(json.body(), row != null && row.path("stage").asText().startsWith("waiting for")
                    && row.path("log_tail").asText().contains("copy 1.0.0 starts"));
            assertEquals("the running task comes first", "task_page", json.json().path("tasks").get(0).path("task_id").asText());

            Http.Reply log = Http.send("GET", page + "/log.txt?id=task_page_fails", null, null, "Authorization", auth);
            assertEquals(log.body(), 200, log.status());
            assertTrue(log.body(), log.body().contains("java.lang.IllegalStateException: <script>alert('peer')</script>"));
            assertEquals(404, Http.send("GET", page + "/log.txt?id=task_nobody", null, null, "Authorization", auth).status());

            // a form another site makes the operator's browser post cancels nothing (ADMIN2)
            byte[] cancel = "action=cancel&id=task_page".getBytes(StandardCharsets.UTF_8);
            String form = "application/x-www-form-urlencoded";
            assertEquals(403, Http.send("POST", page, form, cancel, "Authorization", auth, "Origin", "http://evil.example").status());
            assertEquals(401, Http.send("POST", page, form, cancel, "Referer", page).status());
            assertEquals("RUNNING", awaitState("task_page", "RUNNING").path("status").asText());

            Http.Reply cancelled = Http.send("POST", page, form, cancel, "Authorization", auth, "Referer", page);
            assertEquals(cancelled.body(), 302, cancelled.status());
            JsonNode ended = awaitState("task_page", "FAILED");
            assertEquals("cancelled", ended.path("reason").asText());
            String after = Http.send("GET", page + "?done=cancelled", null, null, "Authorization", auth).body();
            assertTrue("no Cancel button once it ended: " + after, !after.contains("value='task_page'/><button"));
            Http.Reply twice = Http.send("POST", page, form, cancel, "Authorization", auth, "Referer", page);
            assertEquals(twice.body(), 409, twice.status());
            assertTrue(twice.body(), twice.body().contains("task task_page is not running (FAILED)"));
            Http.Reply unknown = Http.send("POST", page, form, "action=cancel&id=task_nobody".getBytes(StandardCharsets.UTF_8),
                    "Authorization", auth, "Referer", page);
            assertEquals(404, unknown.status());
        } finally {
            Files.deleteIfExists(deployed());
            awaitComponents();
        }
    }

    /**
     * The console's Jobs page reaches the platform API on its own listener with the operator's login
     * (whatever jobs there are, the API never answers it 401/403), refuses a cross-origin stop and a
     * malformed job id, and shows the platform API's refusal of an unknown job as a readable page.
     */
    @Test
    public void theJobsPageCallsThePlatformApiWithTheOperatorsLoginAndRefusesForeignForms() throws Exception {
        String page = admin() + "/system/console/jobs";
        String auth = Http.basic("admin", context.getProperty(NodeOptions.CONSOLE_PASSWORD));
        assertEquals(401, Http.get(page).status());
        Http.Reply shown = Http.send("GET", page, null, null, "Authorization", auth);
        assertEquals(shown.body(), 200, shown.status());
        assertTrue(shown.body(), shown.body().contains("<div id='jobs-view'>") && shown.body().contains("fetch('jobs/view.part'"));
        assertTrue("the page's own call is authenticated: " + shown.body(),
                !shown.body().contains("answered 401") && !shown.body().contains("answered 403"));
        assertTrue("the job list, or the platform API's 404 while the control layer has none: " + shown.body(),
                shown.body().contains("<table class='nicetable' id='jobs'>") || shown.body().contains("the platform API answered 404"));
        Http.Reply part = Http.send("GET", page + "/view.part", null, null, "Authorization", auth);
        assertEquals(200, part.status());
        assertTrue("the view alone, outside the console's frame: " + part.body(), !part.body().contains("<html")
                && part.body().contains("class='jobs-open'"));

        String unknown = "job-00000000000000000000000000000000";
        byte[] stop = ("action=stop&job_id=" + unknown).getBytes(StandardCharsets.UTF_8);
        String form = "application/x-www-form-urlencoded";
        assertEquals(403, Http.send("POST", page, form, stop, "Authorization", auth, "Origin", "http://evil.example").status());
        assertEquals(401, Http.send("POST", page, form, stop, "Referer", page).status());
        Http.Reply refused = Http.send("POST", page, form, stop, "Authorization", auth, "Referer", page);
        assertEquals(refused.body(), 404, refused.status());
        assertTrue(refused.body(), refused.body().contains("the platform API refused"));
        Http.Reply bad = Http.send("POST", page, form, "action=stop&job_id=%3Cb%3E".getBytes(StandardCharsets.UTF_8),
                "Authorization", auth, "Referer", page);
        assertEquals(400, bad.status());
        assertTrue(bad.body(), bad.body().contains("job_id must be job- and 32 hex digits") && !bad.body().contains("<b>"));
        Http.Reply escaped = Http.send("GET", page + "?job_id=%3Cscript%3E", null, null, "Authorization", auth);
        assertEquals(200, escaped.status());
        assertTrue(escaped.body(), !escaped.body().contains("<script>alert") && !escaped.body().contains("job_id=<script>"));
    }

    /**
     * A running job on the console's Jobs page: this node alone is initiator, scheduler and the one party,
     * its first task waits for a file. The page shows the DAG with the running task, refreshes often,
     * and its buttons stop the job from the second task on (the first keeps running), then all of it:
     * the first task's component is cancelled and the job ends FINISHED without Stop buttons.
     */
    @Test
    public void theJobsPageShowsARunningJobAndItsButtonsStopIt() throws Exception {
        deploy("1.0.0");
        try {
            String self = Http.get(admin() + "/v1/admin/status").json().path("data").path("node_id").asText();
            String dag = "{\"version\":\"2.0\",\"components\":["
                    + "{\"name\":\"copy_0\",\"componentName\":\"itest_copy\",\"provider\":\"HUTONG\",\"version\":\"1.0.0\","
                    + "\"input\":[],\"output\":[{\"key\":\"result\",\"type\":\"dataset\"}]},"
                    + "{\"name\":\"copy_1\",\"componentName\":\"itest_copy\",\"provider\":\"HUTONG\",\"version\":\"1.0.0\","
                    + "\"input\":[{\"key\":\"copy_0.result\",\"type\":\"dataset\"}],\"output\":[{\"key\":\"result\",\"type\":\"dataset\"}]}]}";
            String config = "{\"version\":\"2.0.0\",\"initiator\":{\"role\":\"guest\",\"node_id\":\"" + self + "\"},"
                    + "\"role\":{\"guest\":[\"" + self + "\"]},\"job_params\":{\"common\":{\"sync_type\":\"poll\"}},"
                    + "\"task_params\":{\"common\":{\"copy_0\":{\"wait_for\":" + JSON.writeValueAsString(data().resolve("never-job").toString())
                    + "}}}}";
            Http.Reply created = Http.post(admin() + "/v1/platform/schedule/job/create_all", null, null, "application/json",
                    ("{\"dag\":" + dag + ",\"config\":" + config + "}").getBytes(StandardCharsets.UTF_8));
            assertEquals(created.body(), 200, created.status());
            String job = created.json().path("data").path("job_id").asText();
            String status = admin() + "/v1/platform/schedule/job/status_all?job_id=" + job;
            Http.Reply running = Http.await(status, READY, r -> r.status() == 200 && "RUNNING".equals(r.json().path("data").path("job_status").asText())
                    && r.json().path("data").path("runs").size() == 1 && "RUNNING".equals(r.json().path("data").path("runs").get(0).path("status").asText()));
            assertEquals(running.body(), "RUNNING", running.json().path("data").path("job_status").asText());
            String taskId = running.json().path("data").path("runs").get(0).path("task_id").asText();
            awaitStage(taskId, "waiting for");

            String page = admin() + "/system/console/jobs";
            String auth = Http.basic("admin", context.getProperty(NodeOptions.CONSOLE_PASSWORD));
            String list = Http.send("GET", page, null, null, "Authorization", auth).body();
            assertTrue(list, list.contains(job + "</a></td><td>RUNNING</td>") && list.contains("data-open='true'"));
            String html = Http.send("GET", page + "?job_id=" + job, null, null, "Authorization", auth).body();
            assertTrue(html, html.contains("<b>RUNNING</b>") && html.contains("data-open='true'") && html.contains("Stop job</button>"));
            assertTrue(html, html.contains("<td>1</td><td>copy_0</td><td>itest_copy 1.0.0 (HUTONG)</td><td>—</td><td>" + taskId + " @ " + self + ": RUNNING"));
            assertTrue(html, html.contains("<td>2</td><td>copy_1</td><td>itest_copy 1.0.0 (HUTONG)</td><td>copy_0.result</td><td>not started</td>"));
            assertTrue(html, html.contains("name='task_name' value='copy_1'/><button>Stop from here</button>"));
            assertTrue(html, html.contains("copy 1.0.0 starts"));

            String form = "application/x-www-form-urlencoded";
            Http.Reply fromCopy1 = Http.send("POST", page, form, ("action=stop_task&job_id=" + job + "&task_name=copy_1").getBytes(StandardCharsets.UTF_8),
                    "Authorization", auth, "Referer", page + "?job_id=" + job);
            assertEquals(fromCopy1.body(), 302, fromCopy1.status());
            assertEquals("RUNNING", Http.get(status).json().path("data").path("job_status").asText());
            assertEquals("copy_0 is upstream of the stop and keeps running", "RUNNING", awaitState(taskId, "RUNNING").path("status").asText());

            // as a browser does: post the form, follow the redirect (post/redirect/get)
            HttpResponse<String> all = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page)).header("Authorization", auth)
                    .header("Referer", page + "?job_id=" + job).header("Content-Type", form).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("action=stop&job_id=" + job)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(all.body(), 302, all.statusCode());
            String done = Http.send("GET", URI.create(page).resolve(all.headers().firstValue("Location").orElseThrow()).toString(), null, null,
                    "Authorization", auth).body();
            assertTrue(done, done.contains("stop requested for job " + job));
            assertEquals("cancelled", awaitState(taskId, "FAILED").path("reason").asText());
            Http.Reply finished = Http.await(status, READY, r -> "FINISHED".equals(r.json().path("data").path("job_status").asText()));
            assertEquals(finished.body(), "FINISHED", finished.json().path("data").path("job_status").asText());
            String after = Http.send("GET", page + "?job_id=" + job, null, null, "Authorization", auth).body();
            assertTrue(after, after.contains("<b>FINISHED</b>") && !after.contains("Stop job</button>") && !after.contains("Stop from here")
                    && after.contains("data-open='false'") && after.contains("<td>copy_1</td>") && after.contains("not started"));
        } finally {
            Files.deleteIfExists(deployed());
            awaitComponents();
        }
    }
}
