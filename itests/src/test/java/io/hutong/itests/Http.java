/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plain HTTP client for the tests: what any operator's script or peer would send.
 *
 * <p>The admin plane needs credentials: every node the tests start gets the admin token of
 * {@code HUTONG_ADMIN_TOKEN} (set for the whole run by the failsafe configuration; the launcher and
 * {@link NodeOptions} write it to the node's {@code data/admin-token}), and a request without a user
 * carries it as {@code Authorization: Bearer}, as the CLI does. A request with the console login
 * behaves as the console's own page in a browser: it also sends the page's {@code Origin}.
 * {@link #send} sends exactly the headers given, for tests of strangers and foreign pages.
 */
public final class Http {

    /** The admin token of every node the tests start, or null when the run sets none. */
    public static final String ADMIN_TOKEN = System.getenv("HUTONG_ADMIN_TOKEN");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A response: status and body. */
    public record Reply(int status, String body) {
        /** @return the body parsed as JSON */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private Http() {
    }

    /** GET, or status -1 when the connection is refused. */
    public static Reply get(String url) {
        return get(url, null, null);
    }

    /** GET with basic authentication (when {@code user} is not null). */
    public static Reply get(String url, String user, String password) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (user != null) {
            b.header("Authorization", basic(user, password));
        } else {
            admin(b);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, "interrupted");
        }
    }

    /** POST {@code body} with the given content type, with basic authentication when {@code user} is not null. */
    public static Reply post(String url, String user, String password, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null) {
            b.header("Authorization", basic(user, password));
            URI u = URI.create(url);
            b.header("Origin", u.getScheme() + "://" + u.getAuthority());
        } else {
            admin(b);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, "interrupted");
        }
    }

    /** Adds the admin token (when the run has one); @return {@code b} */
    public static HttpRequest.Builder admin(HttpRequest.Builder b) {
        if (ADMIN_TOKEN != null && !ADMIN_TOKEN.isBlank()) {
            b.header("Authorization", "Bearer " + ADMIN_TOKEN.strip());
        }
        return b;
    }

    /**
     * Sends exactly what is given: no token, no Origin.
     *
     * @param headers name, value, name, value…
     */
    public static Reply send(String method, String url, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, "interrupted");
        }
    }

    /** @return the HTTP Basic header value of a login */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    /** Polls {@code url} until {@code accept} holds or {@code timeout} passes; returns the last reply. */
    public static Reply await(String url, Duration timeout, Predicate<Reply> accept) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reply r = get(url);
        while (!accept.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = get(url);
        }
        return r;
    }
}
