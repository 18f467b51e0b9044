/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.http.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.RoutingTable;
import io.hutong.api.transport.SessionQueues;
import io.hutong.api.transport.Transport;
import io.hutong.transport.core.impl.BoundedSessionQueues;
import io.hutong.transport.core.impl.QueueConfig;

/**
 * A container's pop over HTTP, through the resource in a real Jersey servlet on Jetty (as the node
 * runs it) over the real session queues: a message taken by a pop whose caller is no longer there
 * to read the answer must not be lost, but popped again by the caller's next pop.
 */
class PopDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The server's idle timeout, after which it notices a connection nobody uses any more (Jetty's default is 30 s). */
    private static final Duration IDLE = Duration.ofSeconds(1);

    private BoundedSessionQueues core;
    private WatchedQueues queues;
    private Server server;
    private String base;
    private int port;
    private ChannelService channel;
    private ServletContainer jersey;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        core = new BoundedSessionQueues(defaults(QueueConfig.class));
        queues = new WatchedQueues(core);
        ChannelResource resource = new ChannelResource();
        channel = new ChannelService(unused(Transport.class), queues, unused(RoutingTable.class));
        resource.channel = channel;
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(IDLE.toMillis());
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        jersey = new ServletContainer(new ResourceConfig().register(resource));
        ServletHolder holder = new ServletHolder(jersey);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        var deactivate = BoundedSessionQueues.class.getDeclaredMethod("deactivate");
        deactivate.setAccessible(true);
        deactivate.invoke(core);
    }

    @SuppressWarnings("unchecked")
    private static <A> A defaults(Class<A> annotation) {
        return (A) Proxy.newProxyInstance(annotation.getClassLoader(), new Class<?>[] {annotation},
                (p, m, a) -> m.getName().equals("annotationType") ? annotation : m.getDefaultValue());
    }

    @SuppressWarnings("unchecked")
    private static <T> T unused(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            throw new UnsupportedOperationException(m.getName());
        });
    }

    private static String popBody(long waitMillis) {
        return "{\"topic\":\"t\",\"timeout\":" + waitMillis + "}";
    }

    private HttpRequest pop(long waitMillis) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/interconn/chan/pop"))
                .header(PtpHeaders.SESSION_ID, "s1").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(popBody(waitMillis))).build();
    }

    /** @return the payload a pop answered, or {@code null} when it answered none */
    private String popText(long waitMillis) throws Exception {
        HttpResponse<String> r = client.send(pop(waitMillis), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        JsonNode answer = JSON.readTree(r.body());
        assertEquals("E0000000000", answer.path("code").asText(), r.body());
        JsonNode payload = answer.path("content");
        return payload.isMissingNode() || payload.isNull() || payload.asText().isEmpty() ? null
                : new String(Base64.getDecoder().decode(payload.asText()), StandardCharsets.UTF_8);
    }

    private void push(String text) {
        queues.push(new PtpMessage(null, "s1", "t", text.getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    private long waitingPops() {
        return queues.waiting.stream().filter(p -> !p.isDone()).count();
    }

    /** The real queues, watched: which pops are still waiting, and how many messages came back. */
    private static final class WatchedQueues implements SessionQueues {
        final SessionQueues real;
        final List<CompletableFuture<Optional<PtpMessage>>> waiting = new CopyOnWriteArrayList<>();
        final AtomicInteger requeued = new AtomicInteger();

        WatchedQueues(SessionQueues real) {
            this.real = real;
        }

        @Override
        public boolean push(PtpMessage message) {
            return real.push(message);
        }

        @Override
        public CompletionStage<Optional<PtpMessage>> pop(String sessionId, String topic, Duration timeout) {
            CompletableFuture<Optional<PtpMessage>> p = real.pop(sessionId, topic, timeout).toCompletableFuture();
            waiting.add(p);
            return p;
        }

        @Override
        public Optional<PtpMessage> peek(String sessionId, String topic) {
            return real.peek(sessionId, topic);
        }

        @Override
        public boolean release(String sessionId) {
            return real.release(sessionId);
        }

        @Override
        public int size(String sessionId, String topic) {
            return real.size(sessionId, topic);
        }

        @Override
        public long maxMessageBytes() {
            return real.maxMessageBytes();
        }

        @Override
        public boolean requeue(PtpMessage message) {
            requeued.incrementAndGet();
            return real.requeue(message);
        }
    }

    @Test
    void aPopThatWaitedAndWasAnsweredPutsNothingBack() throws Exception {
        var waiting = client.sendAsync(pop(30_000), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30)).until(() -> waitingPops() == 1);
        push("m1");
        HttpResponse<String> r = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("bTE=", JSON.readTree(r.body()).path("content").asText(), r.body());
        assertEquals(null, popText(1), "nothing left, nothing put back");
        assertEquals(0, queues.requeued.get());
    }

    @Test
    void aPopWaitingWhileTheJaxRsApplicationIsRebuiltLosesNoMessage() throws Exception {
        var waiting = client.sendAsync(pop(30_000), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30)).until(() -> waitingPops() == 1);
        // what the whiteboard does when a resource or extension joins the application
        ChannelResource again = new ChannelResource();
        again.channel = channel;
        jersey.reload(new ResourceConfig().register(again));
        push("m1");
        String first;
        try {
            JsonNode answer = JSON.readTree(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS).body());
            first = answer.path("content").isMissingNode() ? null : new String(Base64.getDecoder().decode(answer.path("content").asText()),
                    StandardCharsets.UTF_8);
        } catch (java.util.concurrent.ExecutionException e) {
            first = null; // the waiting pop ended without an answer; then the next pop must have the message
        }
        assertEquals("m1", first != null ? first : popText(5_000));
        assertEquals(null, popText(1));
    }

    @Test
    void aMessageTakenByAPopWhoseConnectionDroppedIsPoppedByTheNextPop() throws Exception {
        String body = popBody(30_000);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoLinger(true, 0); // closed with a reset, as a dropped connection ends
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/interconn/chan/pop HTTP/1.1\r\nHost: localhost\r\n" + PtpHeaders.SESSION_ID + ": s1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingPops() == 1);
        }
        push("m1");
        // the dropped pop took m1; it goes back once writing its answer has failed, which happens on another
        // thread: a pop before that would rightly get m2 (WIN1: the message is in flight until then)
        await().atMost(Duration.ofSeconds(30)).until(() -> queues.requeued.get() == 1);
        push("m2");
        assertEquals("m1", popText(5_000), "the message the dropped pop took comes first");
        assertEquals("m2", popText(5_000));
        assertEquals(1, queues.requeued.get());
    }
}
