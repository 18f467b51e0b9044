/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.sun.net.httpserver.HttpServer;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpMessage;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.tls.ClientTls;
import io.hutong.api.transport.tls.PeerTls;
import io.hutong.api.transport.tls.RouteTls;

/**
 * What the HTTP peer link makes of a peer whose plane answers with an HTTP error instead of a PTP
 * reply (DELIVERY1): refusals that repeating cannot change are final codes, the rest are retried.
 */
class HttpPeerLinkAnswersTest {

    HttpServer peer;
    final AtomicInteger status = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            byte[] body = "<html><body>error</body></html>".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/html");
            x.sendResponseHeaders(status.get(), body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        peer.start();
    }

    @AfterEach
    void stop() {
        peer.stop(0);
    }

    static final PeerTls PLAINTEXT = new PeerTls() {
        @Override
        public Optional<ClientTls> client(Route route) {
            return Optional.empty();
        }

        @Override
        public RouteTls check(Map<String, String> tls) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> explain(Throwable failure) {
            return Optional.empty();
        }
    };

    @ParameterizedTest
    @CsvSource({"413,E0000000413", "431,E0000000400", "414,E0000000400", "400,E0000000400", "403,E0000000403",
            "401,E0000000403", "404,E0000000602", "503,E0000000602", "502,E0000000602"})
    void aPlaneErrorBecomesACode(int httpStatus, String code) {
        status.set(httpStatus);
        HttpPeerLink link = new HttpPeerLink(PLAINTEXT);
        Route route = new Route("bob", "127.0.0.1:" + peer.getAddress().getPort(), "http", null, null);
        PtpMessage m = new PtpMessage("m-1", "s", "t", "x".getBytes(), Map.of(PtpHeaders.TARGET_NODE_ID, "bob"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> link.deliver(route, m).toCompletableFuture().get(60, TimeUnit.SECONDS));
        assertEquals(code, assertInstanceOf(PtpException.class, e.getCause()).code());
    }
}
