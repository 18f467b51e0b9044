/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Addresses, session headers and a node that is not there (the calls against real nodes are in the itests). */
class PtpClientTest {

    @Test
    void addressesNameTheProtocolAndABadOneIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PtpClient.connect("smtp://127.0.0.1:25"))
                .getMessage().contains("grpc://"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PtpClient.connect("http://127.0.0.1"))
                .getMessage().contains("host:port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PtpClient.openSession("s", Map.of("x-ptp-target-node-id", "bob")))
                .getMessage().contains(PtpClient.ADDRESS));
        try (PtpClient c = PtpClient.connect("127.0.0.1:7305")) {
            assertEquals("127.0.0.1:7305", c.address(), "host:port alone is gRPC");
        }
    }

    @Test
    void aSessionSendsItsPtpHeadersAndItsIdOnly() {
        try (PtpClient c = PtpClient.connect("http://127.0.0.1:7304")) {
            PtpSession s = c.open("session_job-1", Map.of("X-PTP-Token", "tk", "x-ptp-target-node-id", "bob", "mesh.mpc.address", "x"));
            assertEquals(Map.of("x-ptp-token", "tk", "x-ptp-target-node-id", "bob", "x-ptp-session-id", "session_job-1"), s.headers());
            assertThrows(IllegalArgumentException.class, () -> c.open(" ", Map.of()));
        }
    }

    @Test
    void aNodeThatIsNotListeningIsUnreachableOnBothProtocols() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        for (String address : new String[] {"grpc://127.0.0.1:" + port, "http://127.0.0.1:" + port, "http+protobuf://127.0.0.1:" + port}) {
            try (PtpClient c = PtpClient.connect(address)) {
                PtpClientException e = assertThrows(PtpClientException.class,
                        () -> c.open("s", Map.of("x-ptp-target-node-id", "bob")).push(new byte[1], "t"), address);
                assertEquals(PtpClientException.UNREACHABLE, e.code(), address + ": " + e.getMessage());
                assertTrue(e.getMessage().startsWith("E0000000607: "), e.getMessage());
            }
        }
    }

    @Test
    void aRoundtripWithoutTargetOrResourceIsRefusedBeforeAnythingIsSent() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        for (String address : new String[] {"grpc://127.0.0.1:" + port, "http://127.0.0.1:" + port}) {
            try (PtpClient c = PtpClient.connect(address)) {
                // nobody listens there: a request that left would come back E0000000607
                PtpClientException noUri = assertThrows(PtpClientException.class,
                        () -> c.roundtrip(new byte[1], Map.of("x-ptp-target-node-id", "bob")));
                assertEquals(PtpClientException.BAD_REQUEST, noUri.code());
                assertTrue(noUri.reason().contains("x-ptp-uri"), noUri.reason());
                PtpClientException noTarget = assertThrows(PtpClientException.class,
                        () -> c.roundtrip(new byte[1], Map.of("x-ptp-uri", "/r")));
                assertEquals(PtpClientException.BAD_REQUEST, noTarget.code());
                assertTrue(noTarget.reason().contains("x-ptp-target-node-id"), noTarget.reason());
                assertEquals(PtpClientException.UNREACHABLE, assertThrows(PtpClientException.class,
                        () -> c.roundtrip(new byte[1], Map.of("x-ptp-target-inst-id", "bank-b", "x-ptp-uri", "/r"))).code(),
                        "an institution names the target as well");
            }
        }
    }
}
