/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.console.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "Jobs" page of the Felix Web Console ({@code /system/console/jobs}): the jobs this node knows,
 * and for one job its status, its DAG upstream first with each task's state, the tail of each task log
 * this node holds, and buttons that stop the job or stop it from one task on. Everything it shows or
 * does goes through the standard's north-south platform API on this admin plane (spec 20 §4.3:
 * {@code query_job_list}, {@code status_all}, {@code get_log_line}, {@code get_log}, {@code stop_all},
 * {@code stop_task}), called on the address the request came in on with the operator's own
 * credentials (decision UI3), so the page shows exactly what the API answers and needs no access to
 * the control layer's implementation. While a job runs, the page's script reloads the view from
 * {@code /system/console/jobs/view.part} (the same escaped HTML, outside the console's frame).
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=jobs",
        "felix.webconsole.title=Jobs",
        "felix.webconsole.category=Hutong"})
public class JobsConsolePlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String API = "/v1/platform/schedule/";
    /** Job states after which nothing changes any more (spec 20 §3.3). */
    static final List<String> FINAL = List.of("FINISHED", "REJECTED");
    /** Lines of each task log shown. */
    static final int TAIL_LINES = 15;
    /** Task logs read per view: a DAG is small, a hostile one must not make each refresh read hundreds. */
    static final int MAX_LOGS = 20;
    static final int REFRESH_MILLIS = 2000;
    static final int IDLE_REFRESH_MILLIS = 15000;
    /** What a job id looks like (spec 20 §1, AUTH9): anything else is not sent on. */
    static final Pattern JOB_ID = Pattern.compile("job-[0-9a-fA-F]{32}");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String jobId = req.getParameter("job_id");
        if (req.getRequestURI().endsWith("/jobs/view.part")) {
            resp.setContentType("text/html;charset=UTF-8");
            resp.setHeader("Cache-Control", "no-store");
            marked(req, jobId, resp.getWriter());
            return;
        }
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        String done = req.getParameter("done");
        if (done != null && !done.isBlank()) {
            w.printf("<p class='statline ui-state-highlight'>%s</p>%n", esc(done));
        }
        page(req, jobId, w);
    }

    /** {@code action=stop} (stop_all) or {@code action=stop_task} with {@code task_name} (stop_task) of {@code job_id}. */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String jobId = String.valueOf(req.getParameter("job_id")).strip();
        String action = String.valueOf(req.getParameter("action"));
        String taskName = req.getParameter("task_name") == null ? "" : req.getParameter("task_name").strip();
        String error = null;
        if (!JOB_ID.matcher(jobId).matches()) {
            resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            error = "job_id must be job- and 32 hex digits";
        } else if (!"stop".equals(action) && !("stop_task".equals(action) && !taskName.isEmpty())) {
            resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            error = "action must be stop, or stop_task with a task_name";
        }
        if (error == null) {
            ObjectNode body = JSON.createObjectNode().put("job_id", jobId);
            Answer a = "stop".equals(action) ? post(req, "job/stop_all", body) : post(req, "job/stop_task", body.put("task_name", taskName));
            if (a.ok()) {
                String done = "stop requested for job " + jobId + ("stop".equals(action) ? "" : " from task " + taskName + " on")
                        + "; the scheduler stops it on every party";
                // post/redirect/get: a reload does not stop again
                resp.sendRedirect(req.getRequestURI() + "?job_id=" + enc(jobId) + "&done=" + enc(done));
                return;
            }
            resp.setStatus(a.status() >= 400 ? a.status() : HttpServletResponse.SC_BAD_GATEWAY);
            error = "the platform API refused: " + a.msg();
        }
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        w.printf("<p class='statline ui-state-error'>%s</p>%n", esc(error));
        page(req, JOB_ID.matcher(jobId).matches() ? jobId : null, w);
    }

    private void page(HttpServletRequest req, String jobId, PrintWriter w) throws IOException {
        w.println("<p>Jobs through the standard's platform API (<code>/v1/platform/schedule/…</code>), as "
                + "<code>bin/hutong job list|show|log|stop</code> shows them." + (jobId == null ? "" : " <a href='jobs'>All jobs</a>") + "</p>");
        w.println("<div id='jobs-view'>");
        boolean running = marked(req, jobId, w);
        w.println("</div>");
        String part = "jobs/view.part" + (jobId == null ? "" : "?job_id=" + enc(jobId));
        w.println(SCRIPT.replace("@PART@", part).replace("@REFRESH@", Integer.toString(REFRESH_MILLIS))
                .replace("@IDLE@", Integer.toString(IDLE_REFRESH_MILLIS)).replace("@RUNNING@", Boolean.toString(running)));
    }

    /** The view and, last, a marker telling the page's script whether to keep refreshing often. */
    private boolean marked(HttpServletRequest req, String jobId, PrintWriter w) {
        boolean open = view(req, jobId, w);
        w.printf("<span class='jobs-open' data-open='%s' hidden></span>%n", open);
        return open;
    }

    /** Writes the list or one job; @return whether something in it still changes (the page then refreshes often). */
    boolean view(HttpServletRequest req, String jobId, PrintWriter w) {
        if (jobId == null || jobId.isBlank()) {
            return list(req, w);
        }
        if (!JOB_ID.matcher(jobId).matches()) {
            w.println("<p class='statline ui-state-error'>job_id must be job- and 32 hex digits</p>");
            return false;
        }
        Answer a = get(req, "job/status_all?job_id=" + enc(jobId));
        if (!a.ok()) {
            w.printf("<p class='statline ui-state-error''>job %s: %s</p>%n", esc(jobId), esc(a.describe()));
            return false;
        }
        JsonNode d = a.data();
        String state = d.path("job_status").asText();
        boolean open = !FINAL.contains(state);
        w.printf("<p class='statline'>Job <b>%s</b> — <b>%s</b>%s%s%s</p>%n", esc(jobId), esc(state),
                text(d, "outcome").isEmpty() ? "" : " (" + esc(text(d, "outcome")) + ")",
                text(d, "scheduler").isEmpty() ? "" : " — scheduler " + esc(text(d, "scheduler")),
                text(d, "flow_id").isEmpty() ? "" : " — flow " + esc(text(d, "flow_id")));
        if (!text(d, "reason").isEmpty()) {
            w.printf("<p class='statline ui-state-error'>%s</p>%n", esc(text(d, "reason")));
        }
        List<Row> rows = rows(d);
        w.printf("<p>Progress: %s</p>%n", esc(progress(d, rows)));
        if (open) {
            w.println(stopForm(jobId, null, "Stop job"));
        }
        JsonNode components = d.path("dag").path("components");
        List<String> names = new ArrayList<>();
        if (components.isArray() && components.size() > 0) {
            w.println("<h3>DAG</h3><table class='nicetable' id='job-dag'><thead><tr><th>Step</th><th>Instance</th><th>Component</th>"
                    + "<th>Inputs</th><th>Tasks</th><th></th></tr></thead><tbody>");
            for (Map.Entry<JsonNode, Integer> e : dagOrder(d.path("dag"))) {
                JsonNode c = e.getKey();
                String name = c.path("name").asText();
                names.add(name);
                List<String> inputs = new ArrayList<>();
                c.path("input").forEach(i -> inputs.add(i.path("key").asText()));
                StringBuilder tasks = new StringBuilder();
                rows.stream().filter(r -> r.taskName().equals(name)).forEach(r -> tasks.append(esc(r.describe())).append("<br/>"));
                w.printf("<tr><td>%d</td><td>%s</td><td>%s %s (%s)</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", e.getValue() + 1, esc(name),
                        esc(c.path("componentName").asText()), esc(c.path("version").asText()), esc(c.path("provider").asText()),
                        inputs.isEmpty() ? "—" : esc(String.join(", ", inputs)), tasks.length() == 0 ? "not started" : tasks,
                        open ? stopForm(jobId, name, "Stop from here") : "");
            }
            w.println("</tbody></table>");
        }
        List<Row> others = rows.stream().filter(r -> !names.contains(r.taskName())).toList();
        if (!others.isEmpty()) {
            w.println("<h3>Tasks</h3><table class='nicetable' id='job-tasks'><thead><tr><th>Task</th><th>Node</th><th>State</th>"
                    + "<th>Reason</th></tr></thead><tbody>");
            others.forEach(r -> w.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n", esc(r.taskId()), esc(r.nodeId()),
                    esc(r.status()), esc(r.reason())));
            w.println("</tbody></table>");
        }
        logs(req, d, w);
        return open;
    }

    private boolean list(HttpServletRequest req, PrintWriter w) {
        Answer a = get(req, "job/query_job_list");
        if (!a.ok()) {
            w.printf("<p class='statline ui-state-error'>%s</p>%n", esc(a.describe()));
            return false;
        }
        JsonNode jobs = a.data().path("job_list");
        boolean[] open = {false};
        w.println("<table class='nicetable' id='jobs'><thead><tr><th>Job</th><th>Status</th></tr></thead><tbody>");
        if (jobs.isEmpty()) {
            w.println("<tr><td colspan='2'>This node knows no job.</td></tr>");
        }
        jobs.fields().forEachRemaining(e -> {
            open[0] |= !FINAL.contains(e.getValue().asText());
            w.printf("<tr><td><a href='jobs?job_id=%s'>%s</a></td><td>%s</td></tr>%n", esc(enc(e.getKey())), esc(e.getKey()),
                    esc(e.getValue().asText()));
        });
        w.println("</tbody></table>");
        return open[0];
    }

    /** The tail of each task log this node holds (get_log_line, then get_log from that many lines back). */
    private void logs(HttpServletRequest req, JsonNode d, PrintWriter w) {
        Map<String, String> tasks = new LinkedHashMap<>();
        d.path("runs").forEach(r -> tasks.put(r.path("task_id").asText(), r.path("task_name").asText()));
        if (tasks.isEmpty()) {
            d.path("status").fieldNames().forEachRemaining(t -> tasks.put(t, ""));
        }
        if (tasks.isEmpty()) {
            return;
        }
        w.println("<h3>Logs on this node</h3>");
        tasks.entrySet().stream().limit(MAX_LOGS).forEach(t -> {
            String id = t.getKey();
            Answer n = get(req, "task/get_log_line?task_id=" + enc(id) + "&log_level=info");
            w.printf("<h4>%s %s</h4>%n", esc(t.getValue()), esc(id));
            if (!n.ok()) {
                w.printf("<p>%s</p>%n", esc(n.status() == 404 ? "no log here: " + n.msg() : n.describe()));
                return;
            }
            long num = n.data().path("num").asLong();
            long start = Math.max(0, num - TAIL_LINES);
            Answer log = get(req, "task/get_log?task_id=" + enc(id) + "&log_level=info&start=" + start);
            w.printf("<p>%s</p><pre>%s</pre>%n", esc(num > TAIL_LINES ? "the last " + TAIL_LINES + " of " + num + " lines (bin/hutong job log "
                    + id + " shows all)" : num + " line(s)"), esc(log.ok() ? log.data().path("data").asText() : log.describe()));
        });
    }

    private static String stopForm(String jobId, String taskName, String label) {
        return "<form method='post' action='jobs'><input type='hidden' name='job_id' value='" + esc(jobId) + "'/>"
                + (taskName == null ? "<input type='hidden' name='action' value='stop'/>"
                : "<input type='hidden' name='action' value='stop_task'/><input type='hidden' name='task_name' value='" + esc(taskName) + "'/>")
                + "<button>" + esc(label) + "</button></form>";
    }

    /** "2 of 3 tasks SUCCESS, 1 RUNNING" over the standard's status map (or Hutong's rows when it has none). */
    static String progress(JsonNode d, List<Row> rows) {
        Map<String, Integer> by = new LinkedHashMap<>();
        int[] total = {0};
        if (d.path("status").isObject() && d.path("status").size() > 0) {
            d.path("status").forEach(s -> {
                by.merge(s.asText(), 1, Integer::sum);
                total[0]++;
            });
        } else {
            rows.forEach(r -> {
                by.merge(r.status(), 1, Integer::sum);
                total[0]++;
            });
        }
        if (total[0] == 0) {
            return "no task yet";
        }
        List<String> parts = new ArrayList<>();
        by.forEach((s, n) -> parts.add(n + " " + s));
        return total[0] + " task(s): " + String.join(", ", parts);
    }

    /** One task on one node, from what status_all answers. */
    record Row(String taskName, String taskId, String nodeId, String status, String reason) {
        String describe() {
            return taskId + (nodeId.isEmpty() ? "" : " @ " + nodeId) + ": " + status + (reason.isEmpty() ? "" : " — " + reason);
        }
    }

    /**
     * The tasks of a job: Hutong's {@code tasks} (the scheduler's view, every node) or {@code runs} (this
     * node's) when status_all carries them (decision CTL6), else the standard's {@code status} map.
     */
    static List<Row> rows(JsonNode d) {
        List<Row> rows = new ArrayList<>();
        JsonNode detailed = d.path("tasks").isArray() && d.path("tasks").size() > 0 ? d.path("tasks") : d.path("runs");
        for (JsonNode t : detailed) {
            String node = t.path("node_id").isTextual() ? t.path("node_id").asText() : "this node";
            rows.add(new Row(t.path("task_name").asText(), t.path("task_id").asText(), node, t.path("status").asText(), text(t, "reason")));
        }
        if (rows.isEmpty()) {
            d.path("status").fields().forEachRemaining(e -> rows.add(new Row("", e.getKey(), "", e.getValue().asText(), "")));
        }
        return rows;
    }

    /** @return the DAG's components upstream first, each with its depth (0 = no upstream in the DAG) */
    static List<Map.Entry<JsonNode, Integer>> dagOrder(JsonNode dag) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        dag.path("components").forEach(c -> byName.put(c.path("name").asText(), c));
        Map<String, Integer> depth = new HashMap<>();
        byName.keySet().forEach(n -> depth(n, byName, depth, 0));
        List<Map.Entry<JsonNode, Integer>> out = new ArrayList<>();
        byName.forEach((n, c) -> out.add(Map.entry(c, depth.get(n))));
        out.sort(Map.Entry.comparingByValue());
        return out;
    }

    private static int depth(String name, Map<String, JsonNode> byName, Map<String, Integer> memo, int guard) {
        Integer known = memo.get(name);
        if (known != null) {
            return known;
        }
        int d = 0;
        if (guard <= byName.size()) { // a cycle (refused at create) cannot recurse forever here
            for (JsonNode in : byName.get(name).path("input")) {
                String key = in.path("key").asText();
                int dot = key.lastIndexOf('.');
                String up = dot > 0 ? key.substring(0, dot) : "";
                if (byName.containsKey(up) && !up.equals(name)) {
                    d = Math.max(d, 1 + depth(up, byName, memo, guard + 1));
                }
            }
        }
        memo.put(name, d);
        return d;
    }

    // ---------------------------------------------------------------- the platform API on this plane

    /** An answer of the platform API: HTTP status and envelope. */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status == 200 && body.path("code").asInt(-1) == 0;
        }

        JsonNode data() {
            return body.path("data");
        }

        String msg() {
            return body.path("msg").asText("");
        }

        String describe() {
            return status == 404 && msg().isEmpty() ? "the platform API is not there (is the control layer running?)"
                    : "the platform API answered " + status + ": " + msg();
        }
    }

    private Answer get(HttpServletRequest req, String path) {
        return send(req, HttpRequest.newBuilder(base(req).resolve(API + path)).GET());
    }

    private Answer post(HttpServletRequest req, String path, ObjectNode body) {
        URI base = base(req);
        return send(req, HttpRequest.newBuilder(base.resolve(API + path)).header("Content-Type", "application/json")
                // the operator's form passed the guard's origin check already; this call is the page's own (ADMIN2)
                .header("Origin", base.getScheme() + "://" + base.getRawAuthority())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** The admin listener this request came in on: the address and port it is certainly listening on. */
    static URI base(HttpServletRequest req) {
        String host = req.getLocalAddr();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create(req.getScheme() + "://" + host + ":" + req.getLocalPort());
    }

    private Answer send(HttpServletRequest req, HttpRequest.Builder b) {
        String credentials = req.getHeader("Authorization");
        if (credentials != null) {
            b.header("Authorization", credentials);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
            } catch (IOException e) {
                body = JSON.createObjectNode().put("msg", "not JSON");
            }
            return new Answer(r.statusCode(), body.isObject() ? body : JSON.createObjectNode());
        } catch (IOException e) {
            return new Answer(502, JSON.createObjectNode().put("msg", "no answer from " + base(req) + ": " + e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(503, JSON.createObjectNode().put("msg", "interrupted"));
        }
    }

    private static String text(JsonNode d, String field) {
        return d.path(field).isTextual() ? d.path(field).asText() : "";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String esc(Object o) {
        return String.valueOf(o).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }

    /**
     * Reloads the view while something runs (seldom otherwise): the server renders and escapes it, the
     * script only swaps the finished HTML in (decision UI2), and stops when the request fails.
     */
    private static final String SCRIPT = """
            <script>
            (function () {
              var running = @RUNNING@;
              function poll() {
                fetch('@PART@', {credentials: 'same-origin', cache: 'no-store'})
                  .then(function (r) { return r.ok ? r.text() : null; })
                  .then(function (html) {
                    if (html !== null) {
                      document.getElementById('jobs-view').innerHTML = html;
                      var m = document.querySelector('#jobs-view .jobs-open');
                      running = m !== null && m.getAttribute('data-open') === 'true';
                    }
                    setTimeout(poll, running ? @REFRESH@ : @IDLE@);
                  })
                  .catch(function () { setTimeout(poll, @IDLE@); });
              }
              setTimeout(poll, running ? @REFRESH@ : @IDLE@);
            })();
            </script>""";
}
