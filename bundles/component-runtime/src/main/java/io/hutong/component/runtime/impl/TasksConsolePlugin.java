/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.component.TaskStatus;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "Tasks" page of the Felix Web Console ({@code /system/console/tasks}): the running and most
 * recent tasks of this node's component runtime with state, progress, stage, reason and the tail of
 * each log, and a Cancel button for a running one (the same call as {@code DELETE /v1/admin/tasks/{id}}).
 * While a task runs, the page's script polls {@code /system/console/tasks/data.json} and redraws
 * the table; {@code /system/console/tasks/log.txt?id=} is a task's whole log. The admin plane's guard
 * checks the console login and a form's origin (ADMIN2) before this servlet runs.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=tasks",
        "felix.webconsole.title=Tasks",
        "felix.webconsole.category=Hutong"})
public class TasksConsolePlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Tasks shown: every running one and the newest finished ones up to this many rows. */
    static final int MAX_ROWS = 50;
    /** Lines of each log shown in the table. */
    static final int TAIL_LINES = 12;
    /** Bytes read from the end of a log for its tail: a long line cannot make a page read the whole file. */
    static final int TAIL_BYTES = 8192;
    /** How often the page asks for the table while a task runs. */
    static final int REFRESH_MILLIS = 2000;
    /** How often it asks while none runs, so a task started elsewhere appears without a reload. */
    static final int IDLE_REFRESH_MILLIS = 15000;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Reference
    transient InProcessComponentRuntime runtime;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI();
        if (path.endsWith("/tasks/data.json")) {
            resp.setContentType("application/json;charset=UTF-8");
            resp.setHeader("Cache-Control", "no-store");
            JSON.writeValue(resp.getWriter(), data());
        } else if (path.endsWith("/tasks/log.txt")) {
            log(req.getParameter("id"), resp);
        } else {
            render(resp, req.getParameter("done"), null);
        }
    }

    /** {@code action=cancel} of the running task {@code id}. */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String id = req.getParameter("id") == null ? "" : req.getParameter("id").strip();
        String action = String.valueOf(req.getParameter("action"));
        if (!"cancel".equals(action)) {
            resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            render(resp, null, "action must be cancel, not " + action);
            return;
        }
        Optional<TaskStatus> s = runtime.status(id);
        if (s.isEmpty()) {
            resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
            render(resp, null, "no task " + id + " on this node");
            return;
        }
        if (!runtime.cancel(id)) {
            resp.setStatus(HttpServletResponse.SC_CONFLICT);
            render(resp, null, "task " + id + " is not running (" + runtime.status(id).map(TaskStatus::state).orElse("gone") + ")");
            return;
        }
        // post/redirect/get: a reload does not cancel again
        resp.sendRedirect(req.getRequestURI() + "?done=" + URLEncoder.encode("cancelled task " + id, StandardCharsets.UTF_8));
    }

    /** The rows the page shows: running tasks first, then the newest others, each with its log's tail. */
    Map<String, Object> data() {
        List<TaskStatus> all = runtime.list();
        List<TaskStatus> shown = new ArrayList<>();
        all.stream().filter(t -> TaskStatus.RUNNING.equals(t.state())).forEach(shown::add);
        all.stream().filter(t -> !TaskStatus.RUNNING.equals(t.state())).limit(Math.max(0, MAX_ROWS - shown.size())).forEach(shown::add);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TaskStatus t : shown) {
            Map<String, Object> m = new LinkedHashMap<>();
            TaskView v = TaskView.of(t);
            m.put("task_id", v.taskId());
            m.put("component", v.component());
            m.put("version", v.version());
            m.put("role", v.role());
            m.put("status", v.status());
            m.put("progress", v.progress());
            m.put("stage", v.stage());
            m.put("reason", v.reason());
            m.put("started", v.started());
            m.put("ended", v.ended());
            m.put("log_tail", tail(t.taskId()));
            rows.add(m);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("running", shown.stream().anyMatch(t -> TaskStatus.RUNNING.equals(t.state())));
        d.put("total", all.size());
        d.put("tasks", rows);
        return d;
    }

    /** The last {@link #TAIL_LINES} lines of a task's log, read from its last {@link #TAIL_BYTES} bytes. */
    String tail(String taskId) {
        Optional<Path> file = runtime.logFile(taskId);
        if (file.isEmpty()) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.get().toFile(), "r")) {
            long from = Math.max(0, f.length() - TAIL_BYTES);
            byte[] b = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(b);
            String text = new String(b, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(text.lines().toList());
            if (from > 0 && !lines.isEmpty()) {
                lines.remove(0); // cut in the middle of a line (or of a character)
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getClass().getSimpleName() + ")";
        }
    }

    private void log(String id, HttpServletResponse resp) throws IOException {
        // plain text a browser must not sniff as HTML: task logs carry what peers and components wrote
        resp.setContentType("text/plain;charset=UTF-8");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        Optional<Path> file = id == null || runtime.status(id).isEmpty() ? Optional.empty() : runtime.logFile(id);
        if (file.isEmpty()) {
            resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
            resp.getWriter().write("no task " + id + " on this node");
            return;
        }
        try {
            resp.getWriter().write(Files.readString(file.get(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
            resp.getWriter().write("the log of task " + id + " is gone");
        }
    }

    private void render(HttpServletResponse resp, String done, String error) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        if (error != null) {
            w.printf("<p class='statline ui-state-error'>%s</p>%n", esc(error));
        } else if (done != null && !done.isBlank()) {
            w.printf("<p class='statline ui-state-highlight'>%s</p>%n", esc(done));
        }
        Map<String, Object> d = data();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) d.get("tasks");
        w.printf("<p class='statline' id='tasks-summary'>%s</p>%n", esc(summary(d)));
        w.println("<p>The same as <code>GET /v1/admin/tasks</code> and <code>bin/hutong task list|show|log|cancel</code>; "
                + "running tasks first, then the newest " + MAX_ROWS + ". The table refreshes itself while a task runs.</p>");
        w.println("<table class='nicetable' id='tasks'><thead><tr><th>Task</th><th>Component</th><th>Role</th><th>State</th>"
                + "<th>Progress</th><th>Stage</th><th>Reason</th><th>Started</th><th>Ended</th><th>Log</th><th></th></tr></thead><tbody>");
        if (rows.isEmpty()) {
            w.println("<tr><td colspan='11'>No task has run on this node.</td></tr>");
        }
        for (Map<String, Object> r : rows) {
            String id = String.valueOf(r.get("task_id"));
            w.printf("<tr><td>%s</td><td>%s %s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                    + "<td><pre>%s</pre><a href='tasks/log.txt?id=%s'>whole log</a></td><td>%s</td></tr>%n",
                    esc(id), esc(r.get("component")), esc(r.get("version")), esc(r.get("role")), esc(r.get("status")),
                    percent(r.get("progress")), esc(blank(r.get("stage"))), esc(blank(r.get("reason"))), esc(blank(r.get("started"))),
                    esc(blank(r.get("ended"))), esc(r.get("log_tail")), esc(URLEncoder.encode(id, StandardCharsets.UTF_8)),
                    TaskStatus.RUNNING.equals(r.get("status")) ? cancelButton(id) : "");
        }
        w.println("</tbody></table>");
        w.println(SCRIPT.replace("@REFRESH@", Integer.toString(REFRESH_MILLIS)).replace("@IDLE@", Integer.toString(IDLE_REFRESH_MILLIS))
                .replace("@RUNNING@", String.valueOf(d.get("running"))));
    }

    private static String summary(Map<String, Object> d) {
        return d.get("total") + " task(s) known" + (Boolean.TRUE.equals(d.get("running")) ? "; running now, refreshed every "
                + REFRESH_MILLIS / 1000 + " s" : "; none running");
    }

    private static String cancelButton(String id) {
        return "<form method='post'><input type='hidden' name='id' value='" + esc(id) + "'/>"
                + "<button name='action' value='cancel'>Cancel</button></form>";
    }

    private static String percent(Object progress) {
        return progress instanceof Number n ? Math.round(n.doubleValue() * 100) + " %" : "";
    }

    private static Object blank(Object o) {
        return o == null ? "" : o;
    }

    static String esc(Object o) {
        return String.valueOf(o).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }

    /**
     * Polls the table (often while a task runs, seldom otherwise) and redraws it with DOM text nodes (never innerHTML: reasons and
     * logs come from strangers' data); the Cancel form is built the same way as the server builds it.
     */
    private static final String SCRIPT = """
            <script>
            (function () {
              var running = @RUNNING@;
              function cell(tr, text) { var td = document.createElement('td'); td.textContent = text == null ? '' : String(text); tr.appendChild(td); return td; }
              function draw(d) {
                var body = document.querySelector('#tasks tbody');
                while (body.firstChild) { body.removeChild(body.firstChild); }
                d.tasks.forEach(function (t) {
                  var tr = document.createElement('tr');
                  cell(tr, t.task_id); cell(tr, t.component + ' ' + t.version); cell(tr, t.role); cell(tr, t.status);
                  cell(tr, Math.round(t.progress * 100) + ' %'); cell(tr, t.stage); cell(tr, t.reason); cell(tr, t.started); cell(tr, t.ended);
                  var log = cell(tr, ''); var pre = document.createElement('pre'); pre.textContent = t.log_tail; log.appendChild(pre);
                  var a = document.createElement('a'); a.href = 'tasks/log.txt?id=' + encodeURIComponent(t.task_id); a.textContent = 'whole log'; log.appendChild(a);
                  var act = cell(tr, '');
                  if (t.status === 'RUNNING') {
                    var f = document.createElement('form'); f.method = 'post';
                    var i = document.createElement('input'); i.type = 'hidden'; i.name = 'id'; i.value = t.task_id; f.appendChild(i);
                    var b = document.createElement('button'); b.name = 'action'; b.value = 'cancel'; b.textContent = 'Cancel'; f.appendChild(b);
                    act.appendChild(f);
                  }
                  body.appendChild(tr);
                });
                document.getElementById('tasks-summary').textContent = d.total + ' task(s) known'
                    + (d.running ? '; running now, refreshed every ' + (@REFRESH@ / 1000) + ' s' : '; none running');
                running = d.running;
              }
              function poll() {
                fetch('tasks/data.json', {credentials: 'same-origin', cache: 'no-store'})
                  .then(function (r) { return r.ok ? r.json() : null; })
                  .then(function (d) { if (d) { draw(d); } setTimeout(poll, running ? @REFRESH@ : @IDLE@); })
                  .catch(function () { setTimeout(poll, @IDLE@); });
              }
              setTimeout(poll, running ? @REFRESH@ : @IDLE@);
            })();
            </script>""";
}
