/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.inject.Inject;

import org.junit.After;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import io.hutong.itests.greeting.GreetingActivator;
import io.hutong.itests.greeting.GreetingResource;

/** A node booted from the {@code node} feature profile, as an operator would meet it. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NodeIT {

    // a node start, however loaded the machine (TESTS1: 300 s; NodeProcess.START needs Awaitility, which the probe lacks)
    private static final Duration READY = Duration.ofSeconds(300);

    /** Every bundle implementing a layer of the standard, by symbolic name. */
    static final List<String> LAYER_BUNDLES = List.of("io.hutong.api", "io.hutong.protocol", "io.hutong.store",
            "io.hutong.http", "io.hutong.log", "io.hutong.management", "io.hutong.control",
            "io.hutong.component.runtime", "io.hutong.transport.core", "io.hutong.transport.grpc",
            "io.hutong.transport.http", "io.hutong.tee.attestation", "io.hutong.console", "io.hutong.metrics");

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        return NodeOptions.node("node");
    }

    private String eastWest() {
        return "http://127.0.0.1:" + context.getProperty("hutong.port.east_west");
    }

    private String admin() {
        return "http://127.0.0.1:" + context.getProperty("hutong.port.admin");
    }

    /** Lines of the audit log ({@code hutong.audit}) written while a test runs. */
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final Handler auditLines = new Handler() {
        @Override
        public void publish(LogRecord r) {
            audit.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Before
    public void listenToTheAuditLog() {
        Logger.getLogger("hutong.audit").addHandler(auditLines);
    }

    @After
    public void stopListening() {
        Logger.getLogger("hutong.audit").removeHandler(auditLines);
    }

    @Before
    public void nodeIsUp() throws InterruptedException {
        Http.Reply r = Http.await(admin() + "/v1/admin/status", READY,
                x -> x.status() == 200 && "UP".equals(x.json().path("data").path("status").asText()));
        assertEquals("admin status: " + r.body(), 200, r.status());
    }

    @Test
    public void everyLayerBundleIsActive() {
        for (String name : LAYER_BUNDLES) {
            Bundle b = find(name);
            assertNotNull(name + " is installed", b);
            assertEquals(name + " is active", Bundle.ACTIVE, b.getState());
        }
    }

    @Test
    public void healthAnswersTheStandardEnvelopeOnTheEastWestPort() {
        Http.Reply r = Http.get(eastWest() + "/v1/interconn/node/health");
        assertEquals(200, r.status());
        JsonNode j = r.json();
        assertEquals(0, j.path("code").asInt(-1));
        assertTrue(j.has("msg"));
        assertEquals("ok", j.path("data").path("status").asText());
    }

    @Test
    public void adminStatusListsBundlesPerLayerWithStateAndVersion() {
        JsonNode data = Http.get(admin() + "/v1/admin/status").json().path("data");
        assertEquals("itest-node", data.path("node_id").asText());
        assertEquals(3, data.path("layers").path("transport").size());
        JsonNode mgmt = data.path("layers").path("management").get(0);
        assertEquals("io.hutong.management", mgmt.path("symbolic_name").asText());
        assertEquals("ACTIVE", mgmt.path("state").asText());
        assertEquals(find("io.hutong.management").getVersion().toString(), mgmt.path("version").asText());
        assertEquals(data.path("bundles_total").asInt(), data.path("bundles_active").asInt());
        JsonNode database = null;
        for (JsonNode h : data.path("health").path("core")) {
            if ("database".equals(h.path("name").asText())) {
                database = h;
            }
        }
        assertNotNull("core/database health", database);
        assertEquals("UP", database.path("state").asText());
        assertEquals("h2", database.path("details").path("dialect").asText());
    }

    @Test
    public void readinessIsFelixHealthChecksAndAStoppedLayerIsNotUp() throws Exception {
        JsonNode ready = Http.get(admin() + "/v1/admin/status").json().path("data").path("system_ready");
        for (String check : List.of("Bundles started", "Core components satisfied", "Management components satisfied",
                "Control components satisfied", "Transport components satisfied", "TEE components satisfied")) {
            assertEquals(check + " in " + ready, "OK", systemReady(ready, check).path("status").asText());
        }
        Bundle grpc = find("io.hutong.transport.grpc");
        grpc.stop();
        try {
            // Felix HC keeps a check's result for a moment (resultCacheTtlInMs), so the two turn at their own time
            Http.Reply r = Http.await(admin() + "/v1/admin/status", READY, x -> List.of("Transport components satisfied",
                    "Bundles started").stream().allMatch(c -> "CRITICAL".equals(
                            systemReady(x.json().path("data").path("system_ready"), c).path("status").asText())));
            JsonNode data = r.json().path("data");
            assertEquals(r.body(), "DEGRADED", data.path("status").asText());
            assertEquals(r.body(), "CRITICAL", systemReady(data.path("system_ready"), "Bundles started").path("status").asText());
            assertEquals("the other layers are unaffected", "OK",
                    systemReady(data.path("system_ready"), "Management components satisfied").path("status").asText());
        } finally {
            grpc.start();
        }
        Http.Reply back = Http.await(admin() + "/v1/admin/status", READY,
                x -> "UP".equals(x.json().path("data").path("status").asText()));
        assertEquals(back.body(), "UP", back.json().path("data").path("status").asText());
    }

    private static JsonNode systemReady(JsonNode checks, String name) {
        for (JsonNode c : checks) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    public void planesAreSeparate() {
        Http.Reply statusOnEastWest = Http.get(eastWest() + "/v1/admin/status");
        assertEquals(404, statusOnEastWest.status());
        assertEquals(404, statusOnEastWest.json().path("code").asInt());
        assertEquals(404, Http.get(admin() + "/v1/interconn/node/health").status());
        assertEquals(404, Http.get(eastWest() + "/system/console/bundles").status());
    }

    /**
     * Prometheus scrapes the admin plane with the admin token: the text exposition, with the call just made counted
     * under its endpoint template; a stranger gets 401 in the envelope, and the east-west plane has no such path.
     */
    @Test
    public void prometheusScrapesTheAdminPlaneWithTheAdminToken() throws Exception {
        assertEquals(200, Http.get(admin() + "/v1/admin/status").status());
        Http.Reply stranger = Http.send("GET", admin() + "/v1/admin/metrics", null, null);
        assertEquals(stranger.body(), 401, stranger.status());
        assertEquals(401, stranger.json().path("code").asInt());
        Http.Reply onEastWest = Http.get(eastWest() + "/v1/admin/metrics");
        assertEquals(404, onEastWest.status());
        assertEquals(404, onEastWest.json().path("code").asInt());

        String status = "hutong_http_requests_total{endpoint=\"/v1/admin/status\",method=\"GET\",plane=\"admin\",status=\"200\"} ";
        String refused = "hutong_http_requests_total{endpoint=\"unmatched\",method=\"GET\",plane=\"admin\",status=\"401\"} ";
        // a request is counted once its answer is sent, which may be a moment after the client has read it
        Http.Reply scrape = Http.await(admin() + "/v1/admin/metrics", Duration.ofSeconds(30),
                r -> r.status() == 200 && r.body().contains(status) && r.body().contains(refused));
        assertEquals(scrape.body(), 200, scrape.status());
        String text = scrape.body();
        java.util.regex.Pattern sample = java.util.regex.Pattern.compile(
                "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*\\})? (NaN|[-+]?Inf|[-+0-9.eE]+)");
        for (String line : text.split("\n")) {
            assertTrue("Prometheus text line: " + line, line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")
                    || sample.matcher(line).matches());
        }
        assertTrue(text, text.contains("# TYPE hutong_http_requests_total counter"));
        assertTrue(text, text.contains("# TYPE jvm_memory_used_bytes gauge"));
        assertTrue(text, text.contains("hutong_transport_queue_messages "));
        assertTrue(text, text.contains("hutong_tasks{state=\"RUNNING\"} "));
        assertFalse("no raw path of a stranger's 404 becomes a label", text.contains("no/such/thing"));

        java.net.http.HttpResponse<String> typed = java.net.http.HttpClient.newHttpClient().send(
                Http.admin(java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin() + "/v1/admin/metrics"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String type = typed.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
        assertTrue(type, type.startsWith("text/plain;") && type.contains("version=0.0.4") && type.contains("charset=utf-8"));
    }

    @Test
    public void unknownPathsAnswerInTheEnvelopeNotHtml() {
        Http.Reply r = Http.get(eastWest() + "/v1/interconn/no/such/thing");
        assertEquals(404, r.status());
        assertEquals(404, r.json().path("code").asInt());
        assertFalse(r.json().path("msg").asText().isEmpty());
    }

    @Test
    public void webConsoleNeedsTheGeneratedCredentials() {
        String url = admin() + "/system/console/bundles";
        assertEquals(401, Http.get(url).status());
        assertEquals(401, Http.get(url, "admin", "admin").status());
        String password = context.getProperty(NodeOptions.CONSOLE_PASSWORD);
        assertEquals(200, Http.get(url, "admin", password).status());
        Http.Reply page = Http.get(admin() + "/system/console/hutong", "admin", password);
        assertEquals(200, page.status());
        assertTrue(page.body(), page.body().contains("itest-node"));
        assertTrue("the console shows the system-ready checks: " + page.body(),
                page.body().contains("<td>Transport components satisfied</td><td>systemready, hutong.transport</td><td>OK</td>"));
    }

    @Test
    public void bundleDroppedIntoDeployIsInstalledUpdatedAndRemovedWithoutRestart() throws Exception {
        long frameworkStart = context.getBundle(0).getLastModified();
        Path deploy = Path.of(context.getProperty("hutong.home"), "deploy");
        Path jar = deploy.resolve("greeting.jar");
        String url = admin() + "/v1/admin/itest/greeting";
        assertEquals(404, Http.get(url).status());

        writeGreetingBundle(jar, "1.0.0", "hello from v1");
        assertEquals("hello from v1", Http.await(url, READY, r -> r.status() == 200).body());

        writeGreetingBundle(jar, "2.0.0", "hello from v2");
        assertEquals("hello from v2", Http.await(url, READY, r -> r.body().equals("hello from v2")).body());
        assertEquals("2.0.0", find("io.hutong.itests.greeting").getVersion().toString());

        Files.delete(jar);
        assertEquals(404, Http.await(url, READY, r -> r.status() == 404).status());
        assertTrue(audit.toString(), audit.stream().anyMatch(l -> l.startsWith("who=deploy/ action=bundle-installed bundle=io.hutong.itests.greeting")));
        assertTrue(audit.toString(), audit.stream().anyMatch(l -> l.startsWith("who=deploy/ action=bundle-updated bundle=io.hutong.itests.greeting")));
        long deadline = System.nanoTime() + READY.toNanos();
        while (find("io.hutong.itests.greeting") != null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("the bundle is uninstalled", null, find("io.hutong.itests.greeting"));
        assertTrue(audit.toString(), audit.stream().anyMatch(l -> l.startsWith("who=deploy/ action=bundle-uninstalled bundle=io.hutong.itests.greeting")));
        assertEquals("no restart", frameworkStart, context.getBundle(0).getLastModified());
    }

    @Test
    public void webConsoleInstallsStopsAndUninstallsABundle() throws Exception {
        String password = context.getProperty(NodeOptions.CONSOLE_PASSWORD);
        Path jar = Files.createTempFile("console-upload", ".jar");
        writeGreetingBundle(jar, "3.0.0", "hello from the console");
        String url = admin() + "/v1/admin/itest/greeting";

        // the console's upload form: multipart with the jar and "start"
        String boundary = "hutong" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\ninstall\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundlestart\"\r\n\r\nstart\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundlefile\"; filename=\"greeting.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n";
        body.write(head.getBytes());
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes());
        int installed = Http.post(admin() + "/system/console/bundles", "admin", password,
                "multipart/form-data; boundary=" + boundary, body.toByteArray()).status();
        assertTrue("upload accepted: " + installed, installed < 400);
        assertEquals("hello from the console", Http.await(url, READY, r -> r.status() == 200).body());

        Bundle b = find("io.hutong.itests.greeting");
        String bundleUrl = admin() + "/system/console/bundles/" + b.getBundleId();
        Http.post(bundleUrl, "admin", password, "application/x-www-form-urlencoded", "action=stop".getBytes());
        assertEquals(Bundle.RESOLVED, b.getState());
        assertEquals(404, Http.await(url, READY, r -> r.status() == 404).status());
        Http.post(bundleUrl, "admin", password, "application/x-www-form-urlencoded", "action=uninstall".getBytes());
        assertEquals(null, find("io.hutong.itests.greeting"));
        // the audit log names the console user for each change
        for (String what : List.of("installed", "started", "stopped", "uninstalled")) {
            assertTrue(what + ": " + audit, audit.stream().anyMatch(l -> l.startsWith("who=admin action=bundle-" + what
                    + " bundle=io.hutong.itests.greeting")));
        }
        // without the login the console changes nothing
        assertEquals(401, Http.post(admin() + "/system/console/bundles/0", null, null,
                "application/x-www-form-urlencoded", "action=stop".getBytes()).status());
    }

    @Test
    public void adminApiAnswersNothingWithoutCredentials() {
        String password = context.getProperty(NodeOptions.CONSOLE_PASSWORD);
        byte[] route = "{\"address\":\"evil.example:443\"}".getBytes();
        for (String[] call : new String[][] {{"PUT", "/v1/admin/routes/eve"}, {"POST", "/v1/admin/tasks"},
                {"POST", "/v1/admin/tee/access-keys"}, {"GET", "/v1/admin/tee/access-keys"}, {"GET", "/v1/admin/status"},
                {"DELETE", "/v1/admin/routes/eve"}}) {
            for (String auth : new String[] {null, "Bearer " + Http.ADMIN_TOKEN + "0", Http.basic("admin", "admin"),
                    Http.basic("admin", password + "0")}) {
                Http.Reply r = auth == null ? Http.send(call[0], admin() + call[1], "application/json", route)
                        : Http.send(call[0], admin() + call[1], "application/json", route, "Authorization", auth);
                assertEquals(call[0] + " " + call[1] + " with " + auth + ": " + r.body(), 401, r.status());
                assertEquals(r.body(), 401, r.json().path("code").asInt());
            }
        }
        assertEquals("nothing was stored", 404, Http.get(admin() + "/v1/admin/routes/eve").status());
        // the console login works on the API too (a browser that logged in to the console may read it)
        assertEquals(200, Http.get(admin() + "/v1/admin/status", "admin", password).status());
    }

    /**
     * Every operator endpoint, as the admin plane itself lists them (so an endpoint added later is covered
     * without editing this test): no or wrong credentials answer 401; with the token, a malformed, wrongly typed
     * or oversize body answers a client error or is ignored, never a 5xx, and always in the envelope.
     */
    @Test
    public void everyAdminEndpointRefusesStrangersAndAnswersBadInputInTheEnvelope() {
        Http.Reply list = Http.get(admin() + "/v1/admin/endpoints");
        assertEquals(list.body(), 200, list.status());
        List<String[]> endpoints = new ArrayList<>();
        list.json().path("data").forEach(e -> endpoints.add(new String[] {e.path("method").asText(), e.path("path").asText()}));
        List<String> names = endpoints.stream().map(e -> e[0] + " " + e[1]).toList();
        assertTrue(names.toString(), names.contains("PUT /v1/admin/routes/{node_id}") || names.stream().anyMatch(n -> n.startsWith("PUT /v1/admin/routes/")));
        assertTrue(names.toString(), names.contains("GET /v1/admin/status"));
        assertTrue(names.toString(), names.size() >= 15);
        byte[][] bad = {"{".getBytes(), "[1,2]".getBytes(), "\"text\"".getBytes(), "{\"a\":1} trailing".getBytes(),
            "{\"node_id\":{\"nested\":true},\"address\":42}".getBytes()};
        for (String[] e : endpoints) {
            String method = e[0];
            String url = admin() + e[1].replaceAll("\\{[^}]*\\}", "no-such-thing");
            String call = method + " " + e[1];
            for (String auth : new String[] {null, "Bearer " + Http.ADMIN_TOKEN + "x"}) {
                Http.Reply r = auth == null ? send(method, url, "application/json", "{}".getBytes())
                        : send(method, url, "application/json", "{}".getBytes(), "Authorization", auth);
                assertEquals(call + " with " + auth + ": " + r.body(), 401, r.status());
                assertEquals(call + ": " + r.body(), 401, r.json().path("code").asInt());
            }
            if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
                continue;
            }
            for (byte[] body : bad) {
                Http.Reply r = send(method, url, "application/json", body, "Authorization", "Bearer " + Http.ADMIN_TOKEN);
                String what = call + " with body " + new String(body) + ": " + r.status() + " " + r.body();
                assertTrue(what, r.status() >= 200 && r.status() < 500);
                assertTrue(what, r.json().has("code"));
                if (r.status() >= 400) {
                    assertEquals(what, r.status(), r.json().path("code").asInt());
                }
            }
            Http.Reply big = sendOversize(method, url, 2 * 1024 * 1024);
            assertEquals(call + " with 2 MiB: " + big.body(), 413, big.status());
            assertEquals(call + ": " + big.body(), 413, big.json().path("code").asInt());
        }
    }

    /**
     * Sends a body of {@code bytes} on a socket of its own, reading the answer while sending: the edge answers 413
     * from the declared length and closes, which a client library may report as a lost connection (and JDK 17's
     * HttpClient, asked to wait for 100-continue, waits forever for an answer that is not 100).
     */
    private static Http.Reply sendOversize(String method, String url, int bytes) {
        java.net.URI u = java.net.URI.create(url);
        try {
            RawHttp.Answer a = RawHttp.send("127.0.0.1", u.getPort(), method + " " + u.getRawPath() + " HTTP/1.1\r\nHost: "
                    + u.getAuthority() + "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + Http.ADMIN_TOKEN
                    + "\r\nContent-Length: " + bytes + "\r\n", bytes, false);
            return new Http.Reply(a.status(), a.raw().substring(a.raw().indexOf("\r\n\r\n") + 4));
        } catch (Exception e) {
            throw new AssertionError(method + " " + url + " with " + bytes + " bytes", e);
        }
    }

    /**
     * {@link Http#send}, sent again once when the connection was gone before any answer (-1): a refused request's
     * body is left unread and the server closes that connection, which the shared client may have pooled.
     */
    private static Http.Reply send(String method, String url, String contentType, byte[] body, String... headers) {
        Http.Reply r = Http.send(method, url, contentType, body, headers);
        return r.status() == -1 ? Http.send(method, url, contentType, body, headers) : r;
    }

    @Test
    public void aForeignPageCannotChangeRoutesOrBundlesWithTheAdminsLogin() throws Exception {
        String password = context.getProperty(NodeOptions.CONSOLE_PASSWORD);
        String login = Http.basic("admin", password);
        String form = "application/x-www-form-urlencoded";
        String[] foreign = {"Authorization", login, "Origin", "https://evil.example", "Referer", "https://evil.example/page.html",
            "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate"};

        Http.Reply addRoute = Http.send("POST", admin() + "/system/console/routes", form,
                "action=put&node_id=mallory&address=evil.example:443&protocol=http&mode=encapsulation&tls=".getBytes(), foreign);
        assertEquals(addRoute.body(), 403, addRoute.status());
        assertEquals(403, addRoute.json().path("code").asInt());
        assertEquals("no route was added", 404, Http.get(admin() + "/v1/admin/routes/mallory").status());

        Bundle inventory = find("org.apache.felix.inventory");
        Http.Reply uninstall = Http.send("POST", admin() + "/system/console/bundles/" + inventory.getBundleId(), form,
                "action=uninstall".getBytes(), foreign);
        assertEquals(uninstall.body(), 403, uninstall.status());
        assertEquals(Bundle.ACTIVE, inventory.getState());

        Path jar = Files.createTempFile("evil", ".jar");
        writeGreetingBundle(jar, "6.6.6", "installed by a foreign page");
        String boundary = "evil" + System.nanoTime();
        Http.Reply install = Http.send("POST", admin() + "/system/console/bundles", "multipart/form-data; boundary=" + boundary,
                upload(boundary, jar, "greeting.jar"), foreign);
        assertEquals(install.body(), 403, install.status());
        assertEquals("no bundle was installed", null, find("io.hutong.itests.greeting"));
        // an older browser without Fetch Metadata: the Origin alone is refused
        assertEquals(403, Http.send("POST", admin() + "/system/console/routes", form,
                "action=put&node_id=mallory&address=evil.example:443".getBytes(), "Authorization", login,
                "Origin", "https://evil.example").status());
        assertTrue(audit.toString(), audit.stream().anyMatch(l -> l.contains("who=admin") && l.contains("/system/console/routes")
                && l.contains("status=403")));

        // the console's own page (same origin) and a script with the token may
        Http.Reply own = Http.post(admin() + "/system/console/routes", "admin", password, form,
                "action=put&node_id=mallory&address=127.0.0.1:9&protocol=http&mode=encapsulation&tls=".getBytes());
        assertTrue(own.body(), own.status() == 302 || own.status() == 303);
        assertEquals(200, Http.get(admin() + "/v1/admin/routes/mallory").status());
        Http.Reply cli = Http.send("DELETE", admin() + "/v1/admin/routes/mallory", null, null,
                "Authorization", "Bearer " + Http.ADMIN_TOKEN);
        assertEquals(cli.body(), 200, cli.status());
        // the line is written when the request ends, which may be just after the client has the answer
        long deadline = System.nanoTime() + READY.toNanos();
        while (audit.stream().noneMatch(l -> l.startsWith("who=token action=\"DELETE /v1/admin/routes/mallory\" status=200"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(audit.toString(), audit.stream().anyMatch(l -> l.startsWith("who=token action=\"DELETE /v1/admin/routes/mallory\" status=200")));
    }

    @Test
    public void aRouteConfigurationBecomesARouteAndAnInvalidOneIsReportedWithItsPid() throws Exception {
        // what FileInstall does with etc/io.hutong.transport.route~<name>.cfg
        org.osgi.service.cm.Configuration good = configAdmin.getFactoryConfiguration("io.hutong.transport.route", "itest-dave", "?");
        good.update(new Hashtable<>(Map.of("node.id", "dave", "address", "127.0.0.1:9", "protocol", "grpc")));
        org.osgi.service.cm.Configuration bad = configAdmin.getFactoryConfiguration("io.hutong.transport.route", "itest-broken", "?");
        bad.update(new Hashtable<>(Map.of("node.id", "erin", "protocol", "ftp")));
        try {
            Http.Reply dave = Http.await(admin() + "/v1/admin/routes/dave", READY, r -> r.status() == 200);
            assertEquals(dave.body(), "grpc", dave.json().path("data").path("protocol").asText());
            Http.Reply status = Http.await(admin() + "/v1/admin/status", READY,
                    r -> "DEGRADED".equals(transportCore(r).path("state").asText()));
            JsonNode core = transportCore(status);
            assertEquals(core.toString(), "address is missing", core.path("details").path("invalid_routes").path(bad.getPid()).asText());
            assertTrue(core.toString(), core.path("message").asText().contains(bad.getPid()));
            assertEquals("an invalid configuration makes no route", 404, Http.get(admin() + "/v1/admin/routes/erin").status());
        } finally {
            good.delete();
            bad.delete();
        }
        Http.await(admin() + "/v1/admin/status", READY, r -> transportCore(r).path("details").path("invalid_routes").isMissingNode());
        Http.await(admin() + "/v1/admin/routes/dave", READY, r -> r.status() == 404);
    }

    private static JsonNode transportCore(Http.Reply status) {
        for (JsonNode h : status.json().path("data").path("health").path("transport")) {
            if ("core".equals(h.path("name").asText())) {
                return h;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    public void theRoutesPageNeverShowsAKeyStorePassword() throws Exception {
        String password = context.getProperty(NodeOptions.CONSOLE_PASSWORD);
        String form = "application/x-www-form-urlencoded";
        Http.Reply saved = Http.post(admin() + "/system/console/routes", "admin", password, form,
                "action=put&node_id=carol&address=127.0.0.1:9&protocol=http&mode=encapsulation&tls=key_store_password%3Ds3cret-pw".getBytes());
        assertTrue(saved.body(), saved.status() == 302 || saved.status() == 303);
        Http.Reply page = Http.get(admin() + "/system/console/routes", "admin", password);
        assertEquals(200, page.status());
        assertTrue(page.body(), page.body().contains("carol"));
        assertFalse("the page shows the password: " + page.body(), page.body().contains("s3cret-pw"));
        assertTrue(page.body(), page.body().contains("key_store_password=******"));
        assertFalse(Http.get(admin() + "/v1/admin/routes/carol").body().contains("s3cret-pw"));

        // saving the row as shown keeps the stored password
        Http.post(admin() + "/system/console/routes", "admin", password, form,
                "action=put&node_id=carol&address=127.0.0.1:10&protocol=http&mode=encapsulation&tls=key_store_password%3D******".getBytes());
        org.osgi.service.cm.Configuration[] routes = configAdmin.listConfigurations("(&(service.factoryPid=io.hutong.transport.route)(node.id=carol))");
        assertNotNull(routes);
        assertEquals("127.0.0.1:10", routes[0].getProperties().get("address"));
        assertEquals("s3cret-pw", routes[0].getProperties().get("tls.key_store_password"));
        Http.send("DELETE", admin() + "/v1/admin/routes/carol", null, null, "Authorization", "Bearer " + Http.ADMIN_TOKEN);
    }

    @Test
    public void routeNodeIdsAreValidated() throws Exception {
        String password = context.getProperty(NodeOptions.CONSOLE_PASSWORD);
        String xss = "<img src=x onerror=alert(1)>";
        Http.Reply api = Http.send("PUT", admin() + "/v1/admin/routes/" + java.net.URLEncoder.encode(xss, "UTF-8").replace("+", "%20"),
                "application/json", "{\"address\":\"127.0.0.1:9\"}".getBytes(), "Authorization", "Bearer " + Http.ADMIN_TOKEN);
        assertEquals(api.body(), 400, api.status());
        assertEquals(400, api.json().path("code").asInt());
        Http.Reply page = Http.post(admin() + "/system/console/routes", "admin", password, "application/x-www-form-urlencoded",
                ("action=put&address=127.0.0.1:9&node_id=" + java.net.URLEncoder.encode(xss, "UTF-8")).getBytes());
        assertEquals(page.body(), 400, page.status());
        assertFalse(page.body(), page.body().contains("<img"));
        assertFalse(Http.get(admin() + "/v1/admin/routes").body().contains("img"));
        for (String bad : List.of("-lead", "a b", "x".repeat(65), "caf\u00e9", "a;b")) {
            assertEquals(bad, 400, Http.send("PUT", admin() + "/v1/admin/routes/" + java.net.URLEncoder.encode(bad, "UTF-8").replace("+", "%20"),
                    "application/json", "{\"address\":\"127.0.0.1:9\"}".getBytes(), "Authorization", "Bearer " + Http.ADMIN_TOKEN)
                    .status());
        }
    }

    @Test
    public void uploadingAFileThatIsNotABundleAnswersAReadableMessage() throws Exception {
        String password = context.getProperty(NodeOptions.CONSOLE_PASSWORD);
        Path text = Files.createTempFile("notes", ".txt");
        Files.writeString(text, "these are notes, not a bundle");
        String boundary = "notes" + System.nanoTime();
        Http.Reply r = Http.post(admin() + "/system/console/bundles", "admin", password, "multipart/form-data; boundary=" + boundary,
                upload(boundary, text, "notes.txt"));
        assertFalse("no HTML error page: " + r.body(), r.body().toLowerCase(java.util.Locale.ROOT).contains("<html"));
        assertEquals(r.body(), 400, r.status());
        assertEquals(r.body(), 400, r.json().path("code").asInt());
        assertTrue(r.body(), r.json().path("msg").asText().startsWith("the uploaded file is not an OSGi bundle"));
        assertFalse(r.body(), r.body().contains("\tat "));
    }

    /** @return the console's upload form: the file and "start" */
    private static byte[] upload(String boundary, Path file, String name) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\ninstall\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundlestart\"\r\n\r\nstart\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundlefile\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n";
        body.write(head.getBytes());
        body.write(Files.readAllBytes(file));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes());
        return body.toByteArray();
    }

    @Test
    public void eastWestPortChangedThroughConfigAdminTakesEffect() throws Exception {
        int newPort = NodeOptions.freePort();
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("org.apache.felix.http", "?");
        Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        String oldPort = String.valueOf(props.get("org.osgi.service.http.port"));
        props.put("org.osgi.service.http.port", String.valueOf(newPort));
        c.update(props);
        try {
            Http.Reply moved = Http.await("http://127.0.0.1:" + newPort + "/v1/interconn/node/health", READY,
                    r -> r.status() == 200);
            assertEquals(moved.body(), 200, moved.status());
            assertEquals("the old port is closed", -1, Http.get(eastWest() + "/v1/interconn/node/health").status());
            // the restarted Jetty still answers its own errors (before any servlet) in the envelope
            RawHttp.Answer big = RawHttp.send("127.0.0.1", newPort, "GET /v1/interconn/node/health HTTP/1.1\r\nHost: n\r\nX-Big: "
                    + "a".repeat(20_000) + "\r\n", 0, false);
            assertEquals(big.raw(), 431, big.status());
            assertEquals(big.raw(), 431, big.json().path("code").asInt());
        } finally {
            props.put("org.osgi.service.http.port", oldPort);
            c.update(props);
            Http.await(eastWest() + "/v1/interconn/node/health", READY, r -> r.status() == 200);
        }
    }

    /**
     * ConfigAdmin's interpolation plugin (decision FM3): {@code $[env:…]} and {@code $[secret:…]} reach a component
     * filled in, while the stored configuration keeps the reference; a variable that is not set stays as written
     * (the launcher refuses to start with one, ExternalValuesTest), and a secret name that leaves the secrets
     * directory reads nothing.
     */
    @Test
    public void environmentValuesAndSecretsReachAComponentButNotTheStoredConfiguration() throws Exception {
        Path secrets = Path.of(context.getProperty("org.apache.felix.configadmin.plugin.interpolation.secretsdir"));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
        Files.writeString(secrets.resolve("itest-secret"), "value-from-a-secret\n");
        String token = Files.readString(Path.of(context.getProperty("hutong.data"), "admin-token")).strip();
        String pid = "io.hutong.itest.interpolation";
        java.util.concurrent.BlockingQueue<Dictionary<String, ?>> received = new java.util.concurrent.LinkedBlockingQueue<>();
        Hashtable<String, Object> servicePid = new Hashtable<>(Map.of(org.osgi.framework.Constants.SERVICE_PID, pid));
        org.osgi.framework.ServiceRegistration<org.osgi.service.cm.ManagedService> component = context.registerService(
                org.osgi.service.cm.ManagedService.class, p -> {
                    if (p != null) {
                        received.add(p);
                    }
                }, servicePid);
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(pid, "?");
        try {
            c.update(new Hashtable<>(Map.of(
                    "env", "$[env:HUTONG_ITEST_ENV_VALUE]",
                    "secret", "jdbc:postgresql://db/x?password=$[secret:itest-secret]",
                    "missing_env", "$[env:HUTONG_ITEST_NO_SUCH_VARIABLE]",
                    "with_default", "$[env:HUTONG_ITEST_NO_SUCH_VARIABLE;default=fallback]",
                    "up", "$[secret:../admin-token]",
                    "absolute", "$[secret:" + Path.of(context.getProperty("hutong.data"), "admin-token") + "]")));
            Dictionary<String, ?> p = received.poll(120, java.util.concurrent.TimeUnit.SECONDS);
            assertNotNull("the component got its configuration", p);
            assertEquals("value-from-the-environment", p.get("env"));
            assertEquals("jdbc:postgresql://db/x?password=value-from-a-secret", p.get("secret"));
            assertEquals("$[env:HUTONG_ITEST_NO_SUCH_VARIABLE]", p.get("missing_env"));
            assertEquals("fallback", p.get("with_default"));
            assertEquals("$[secret:../admin-token]", p.get("up"));
            for (java.util.Enumeration<String> keys = p.keys(); keys.hasMoreElements(); ) {
                assertFalse("nothing outside the secrets directory is read", String.valueOf(p.get(keys.nextElement())).contains(token));
            }
            // ConfigAdmin stores (data/config) and shows (console) the reference, never the value
            assertEquals("jdbc:postgresql://db/x?password=$[secret:itest-secret]", c.getProperties().get("secret"));
            assertEquals("$[env:HUTONG_JDBC_PASSWORD;default=]",
                    configAdmin.getConfiguration("io.hutong.store", "?").getProperties().get("jdbc.password"));
        } finally {
            c.delete();
            component.unregister();
        }
    }

    private Bundle find(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static void writeGreetingBundle(Path target, String version, String greeting) throws IOException {
        TestBundles.write(target, "io.hutong.itests.greeting", version, GreetingActivator.class,
                "org.osgi.framework,jakarta.ws.rs", Map.of("Greeting", greeting), GreetingResource.class);
    }
}
