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
 * {@code hutong deadletters} against an admin API on loopback that answers like a node with one
 * transport dead letter: what the command asks, what it prints and its exit status.
 */
class DeadLettersCommandTest {

    static final String ID = "tr-0b7e4c1e-5d2a-4a53-9a8e-2f9b0c6d1e11";
    HttpServer admin;
    final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        admin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        admin.createContext("/", x -> {
            String call = x.getRequestMethod() + " " + x.getRequestURI();
            asked.add(call);
            x.getRequestBody().readAllBytes();
            int status = 200;
            String data;
            if (call.startsWith("GET /v1/admin/dead-letters")) {
                data = "[{\"id\":\"" + ID + "\",\"layer\":\"transport\",\"peer\":\"bob\",\"what\":\"message m-1 of session s, topic t\","
                        + "\"code\":\"E0000000403\",\"reason\":\"node bob refused it: E0000000403 bad token\",\"attempts\":1,"
                        + "\"dead_at\":\"2026-12-05T12:00:00Z\",\"details\":{}}]";
            } else if (call.equals("POST /v1/admin/dead-letters/" + ID + "/replay")) {
                data = "{\"replayed\":[\"" + ID + "\"]}";
            } else if (call.equals("POST /v1/admin/dead-letters/replay?peer=bob")) {
                data = "{\"replayed\":[\"" + ID + "\"],\"refused\":[]}";
            } else {
                status = 404;
                data = null;
            }
            byte[] body = ("{\"code\":" + (status == 200 ? 0 : status) + ",\"msg\":\"" + (status == 200 ? "success" : "no dead letter")
                    + "\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
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
    void listShowsEachDeadLetterWithItsPeerCodeAndReason() throws Exception {
        Run r = run("deadletters", "list", "--peer", "bob", "--layer", "transport");
        assertEquals(0, r.exit());
        assertEquals(0, run("dead-letters", "list").exit(), "the spelling of the admin API's path works too");
        assertEquals("GET /v1/admin/dead-letters?peer=bob&layer=transport", asked.get(0));
        assertTrue(r.out().contains(ID) && r.out().contains("bob") && r.out().contains("E0000000403")
                && r.out().contains("bad token"), r.out());
    }

    @Test
    void replayAndDiscardCallTheAdminApiAndFailOnAnUnknownId() throws Exception {
        assertEquals(0, run("deadletters", "replay", ID).exit());
        assertEquals("POST /v1/admin/dead-letters/" + ID + "/replay", asked.get(0));
        Run all = run("deadletters", "replay", "--peer", "bob");
        assertEquals(0, all.exit());
        assertTrue(all.out().contains("replayed 1"), all.out());
        Run unknown = run("deadletters", "discard", "tr-nope");
        assertEquals(1, unknown.exit());
        assertEquals("DELETE /v1/admin/dead-letters/tr-nope", asked.get(asked.size() - 1));
        assertTrue(unknown.out().contains("404"), unknown.out());
    }

    @Test
    void replayNeedsIdsOrAPeerNotBoth() {
        for (String[] bad : List.of(new String[] {"deadletters", "replay"}, new String[] {"deadletters", "replay", ID, "--peer", "bob"},
                new String[] {"deadletters", "discard"}, new String[] {"deadletters", "list", "--bogus"},
                new String[] {"dead-letters", "list", "--layer", "scheduler"})) {
            Run r = run(bad);
            assertEquals(2, r.exit(), String.join(" ", bad) + ": " + r.out());
            assertTrue(r.out().contains("usage: hutong deadletters"), r.out());
        }
        assertTrue(run("deadletters", "list", "--bogus").out().startsWith("hutong: unknown flag --bogus"));
        assertTrue(asked.isEmpty(), "nothing asked on bad arguments: " + asked);
    }
}
