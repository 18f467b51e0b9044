/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.Route;
import io.hutong.api.transport.tls.ClientTls;

/** Client TLS for routes against a real TLS server on loopback. */
class KeystorePeerTlsTest {

    @TempDir
    Path etc;

    private SSLServerSocket server;

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** A TLS 1.2/1.3 server presenting {@code cert}; with {@code clients} it needs a client certificate they trust. */
    private int serve(TestCerts cert, TestCerts clients) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(cert.keyStore(etc.resolve("server-" + System.nanoTime() + ".p12")))) {
            ks.load(in, TestCerts.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, TestCerts.PASSWORD.toCharArray());
        TrustManagerFactory tmf = null;
        if (clients != null) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("client", clients.cert);
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        server.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        server.setNeedClientAuth(clients != null);
        CompletableFuture.runAsync(() -> {
            while (!server.isClosed()) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                    s.getOutputStream().write(42);
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    // a refused handshake: the client sees the cause
                }
            }
        });
        return server.getLocalPort();
    }

    /** Connects as the HTTP and gRPC links do (host name identification on) and reads one byte. */
    private static int connect(ClientTls tls, int port) throws IOException {
        try (SSLSocket s = (SSLSocket) tls.context().getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            SSLParameters p = tls.parameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            return s.getInputStream().read();
        }
    }

    private static Route route(int port, Map<String, String> tls) {
        return new Route("bob", "127.0.0.1:" + port, "http", null, tls);
    }

    @Test
    void aPeerWithThePinnedCertificateIsReached() throws Exception {
        TestCerts bob = TestCerts.selfSigned("bob");
        int port = serve(bob, null);
        KeystorePeerTls tls = new KeystorePeerTls(etc);
        ClientTls c = tls.client(route(port, Map.of("pinned_sha256", bob.sha256()))).orElseThrow();
        assertEquals(42, connect(c, port));
        assertEquals(java.util.List.of("TLSv1.3", "TLSv1.2"), java.util.List.of(c.parameters().getProtocols()),
                "TLS 1.0 and 1.1 are never offered");
    }

    @Test
    void aPeerWithAnotherCertificateIsRefusedNamingBothFingerprints() throws Exception {
        TestCerts bob = TestCerts.selfSigned("bob");
        TestCerts mallory = TestCerts.selfSigned("mallory");
        int port = serve(mallory, null);
        KeystorePeerTls tls = new KeystorePeerTls(etc);
        ClientTls c = tls.client(route(port, Map.of("pinned_sha256", bob.sha256()))).orElseThrow();
        IOException e = assertThrows(IOException.class, () -> connect(c, port));
        String why = tls.explain(e).orElseThrow();
        assertTrue(why.startsWith("pinned certificate mismatch"), why);
        assertTrue(why.contains(mallory.sha256()) && why.contains(bob.sha256()) && why.contains("CN=mallory"), why);
    }

    @Test
    void aTrustStoreChecksChainAndHostName() throws Exception {
        TestCerts bob = TestCerts.selfSigned("bob");
        TestCerts other = TestCerts.selfSigned("other");
        bob.trustStore(etc.resolve("bob-trust.p12"));
        other.trustStore(etc.resolve("other-trust.p12"));
        int port = serve(bob, null);
        KeystorePeerTls tls = new KeystorePeerTls(etc);
        ClientTls trusted = tls.client(route(port, Map.of("trust_store", "bob-trust.p12", "trust_store_password", TestCerts.PASSWORD)))
                .orElseThrow();
        assertEquals(42, connect(trusted, port));
        ClientTls untrusted = tls.client(new Route("carol", "127.0.0.1:" + port, "http", null,
                Map.of("trust_store", etc.resolve("other-trust.p12").toString(), "trust_store_password", TestCerts.PASSWORD))).orElseThrow();
        String why = tls.explain(assertThrows(IOException.class, () -> connect(untrusted, port))).orElseThrow();
        assertTrue(why.startsWith("peer certificate not trusted"), why);
    }

    @Test
    void anExpiredPinnedCertificateIsRefused() throws Exception {
        TestCerts old = TestCerts.selfSigned("bob", Instant.now().minus(Duration.ofDays(10)));
        int port = serve(old, null);
        KeystorePeerTls tls = new KeystorePeerTls(etc);
        ClientTls c = tls.client(route(port, Map.of("pinned_sha256", old.sha256()))).orElseThrow();
        String why = tls.explain(assertThrows(IOException.class, () -> connect(c, port))).orElseThrow();
        assertTrue(why.startsWith("peer certificate outside its validity period"), why);
    }

    @Test
    void mutualTlsPresentsTheKeyStoreAndWithoutOneIsRefused() throws Exception {
        TestCerts bob = TestCerts.selfSigned("bob");
        TestCerts alice = TestCerts.selfSigned("alice");
        alice.keyStore(etc.resolve("alice.p12"));
        int port = serve(bob, alice);
        KeystorePeerTls tls = new KeystorePeerTls(etc);
        Map<String, String> mtls = Map.of("pinned_sha256", bob.sha256(), "key_store", "alice.p12", "key_store_password", TestCerts.PASSWORD);
        assertEquals(42, connect(tls.client(route(port, mtls)).orElseThrow(), port));
        ClientTls noCert = tls.client(new Route("bob2", "127.0.0.1:" + port, "http", null, Map.of("pinned_sha256", bob.sha256())))
                .orElseThrow();
        String why = tls.explain(assertThrows(IOException.class, () -> connect(noCert, port))).orElseThrow();
        assertTrue(why.contains("client certificate"), why);
    }

    @Test
    void aReplacedStoreIsReadAgain() throws Exception {
        TestCerts.selfSigned("alice").keyStore(etc.resolve("alice.p12"));
        KeystorePeerTls tls = new KeystorePeerTls(etc);
        Route r = route(1, Map.of("pinned_sha256", "ab".repeat(32), "key_store", "alice.p12", "key_store_password", TestCerts.PASSWORD));
        String first = tls.client(r).orElseThrow().id();
        assertEquals(first, tls.client(r).orElseThrow().id(), "unchanged settings share connections");
        Files.setLastModifiedTime(TestCerts.selfSigned("alice").keyStore(etc.resolve("alice.p12")),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertNotEquals(first, tls.client(r).orElseThrow().id(), "a renewed certificate is used without a restart");
    }

    @Test
    void theAdminApiCheckNamesMissingFilesAndWrongPasswords() throws Exception {
        KeystorePeerTls tls = new KeystorePeerTls(etc);
        String missing = assertThrows(IllegalArgumentException.class, () -> tls.check(Map.of("trust_store", "nope.p12"))).getMessage();
        assertTrue(missing.contains(etc.resolve("nope.p12").toString()) && missing.contains("does not exist"), missing);
        TestCerts.selfSigned("alice").keyStore(etc.resolve("alice.p12"));
        String wrong = assertThrows(IllegalArgumentException.class,
                () -> tls.check(Map.of("key_store", "alice.p12", "key_store_password", "wrong"))).getMessage();
        assertTrue(wrong.contains("cannot be read"), wrong);
        TestCerts.selfSigned("bob").trustStore(etc.resolve("certs-only.p12"));
        String noKey = assertThrows(IllegalArgumentException.class,
                () -> tls.check(Map.of("key_store", "certs-only.p12", "key_store_password", TestCerts.PASSWORD))).getMessage();
        assertTrue(noKey.contains("holds no private key"), noKey);
        assertTrue(tls.check(Map.of("key_store", "alice.p12", "key_store_password", TestCerts.PASSWORD)).enabled());
    }

    @Test
    void aStoreGoneAtDeliveryIsRetriableUnreachable() {
        KeystorePeerTls tls = new KeystorePeerTls(etc);
        Map<String, String> t = new HashMap<>(Map.of("trust_store", "gone.p12"));
        PtpException e = assertThrows(PtpException.class, () -> tls.client(route(1, t)));
        assertEquals(PtpCodes.UNREACHABLE, e.code());
        assertTrue(e.getMessage().contains("gone.p12"), e.getMessage());
    }

    @Test
    void aPlaintextPortIsNamedAsNotSpeakingTls() throws Exception {
        try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (java.net.Socket s = plain.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes());
                    s.getOutputStream().flush();
                    Thread.sleep(500);
                } catch (IOException | InterruptedException e) {
                    // the client has what it needs
                }
            });
            KeystorePeerTls tls = new KeystorePeerTls(etc);
            ClientTls c = tls.client(route(plain.getLocalPort(), Map.of("pinned_sha256", "ab".repeat(32)))).orElseThrow();
            String why = tls.explain(assertThrows(IOException.class, () -> connect(c, plain.getLocalPort()))).orElseThrow();
            assertTrue(why.startsWith("the peer does not speak TLS on this port"), why);
        }
    }

    @Test
    void failuresOtherThanTlsAreNotExplainedAsTls() {
        assertTrue(new KeystorePeerTls(etc).explain(new java.net.ConnectException("Connection refused")).isEmpty());
    }

}
