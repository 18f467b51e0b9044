/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static io.hutong.itests.TransportNodes.popJson;
import static io.hutong.itests.TransportNodes.pushJson;
import static io.hutong.itests.TransportNodes.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.hutong.itests.TransportNodes.Node;
import io.hutong.itests.TransportNodes.Reply;

/**
 * East-west PTP over TLS between two real nodes whose keys and self-signed certificates are made
 * here: alice serves HTTPS and gRPC over TLS without client certificates, bob requires them (mTLS)
 * and trusts alice's. Pinned and trust-store routes deliver over both protocols; a wrong pin, a
 * missing client certificate and a TLS 1.1 client are refused, nothing arrives, and the sender's
 * operator sees why. Both node JVMs (and this one) allow TLS 1.1 in the JDK, so the refusal is
 * Hutong's own TLS 1.2+ setting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsTransportIT {

    private static final String PASSWORD = "itest-store-pass";
    /** The JDK's disabled TLS algorithms without TLSv1/TLSv1.1, set before this JVM uses TLS. */
    private static final String LEGACY_TLS_ALLOWED;

    static {
        LEGACY_TLS_ALLOWED = Arrays.stream(Security.getProperty("jdk.tls.disabledAlgorithms").split(","))
                .map(String::strip).filter(a -> !a.equals("TLSv1") && !a.equals("TLSv1.1")).collect(Collectors.joining(", "));
        Security.setProperty("jdk.tls.disabledAlgorithms", LEGACY_TLS_ALLOWED);
    }

    @TempDir
    static Path tmp;

    private TransportNodes nodes;
    private Node alice;
    private Node bob;
    private Certificate aliceCert;
    private Certificate bobCert;
    private Certificate malloryCert;
    private Path aliceKeys;
    private Path aliceTrust;
    private int aliceHttps;
    private int aliceGrpcTls;
    private int bobHttps;
    private int bobGrpcTls;

    /** A key pair and its self-signed certificate naming 127.0.0.1. */
    record Certificate(KeyPair keys, X509Certificate cert) {
        static Certificate make(String cn) throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=" + cn);
            Instant now = Instant.now();
            var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))), name, kp.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            return new Certificate(kp, new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()))));
        }

        Path keyStore(Path file) throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", keys.getPrivate(), PASSWORD.toCharArray(), new X509Certificate[] {cert});
            return store(ks, file);
        }

        Path trustStore(Path file) throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("trusted", cert);
            return store(ks, file);
        }

        private static Path store(KeyStore ks, Path file) throws Exception {
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, PASSWORD.toCharArray());
            }
            return file;
        }

        String sha256() throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        }
    }

    @BeforeAll
    void start() throws Exception {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        aliceCert = Certificate.make("alice");
        bobCert = Certificate.make("bob");
        malloryCert = Certificate.make("mallory");
        aliceKeys = aliceCert.keyStore(keys.resolve("alice.p12"));
        aliceTrust = aliceCert.trustStore(keys.resolve("alice-cert.p12"));
        Path bobKeys = bobCert.keyStore(keys.resolve("bob.p12"));
        Path bobClients = aliceCert.trustStore(keys.resolve("bob-clients.p12"));
        Path security = Files.writeString(tmp.resolve("legacy-tls.security"), "jdk.tls.disabledAlgorithms=" + LEGACY_TLS_ALLOWED + "\n");
        Map<String, String> aliceEnv = Map.of("HUTONG_TLS_KEY_STORE_PASSWORD", PASSWORD, "JAVA_OPTS", "-Djava.security.properties=" + security);
        Map<String, String> bobEnv = Map.of("HUTONG_TLS_KEY_STORE_PASSWORD", PASSWORD, "HUTONG_TLS_TRUST_STORE_PASSWORD", PASSWORD,
                "JAVA_OPTS", "-Djava.security.properties=" + security);
        aliceHttps = NodeOptions.freePort();
        aliceGrpcTls = NodeOptions.freePort();
        bobHttps = NodeOptions.freePort();
        bobGrpcTls = NodeOptions.freePort();
        nodes = new TransportNodes(tmp);
        alice = nodes.start("alice", List.of("--tls-port", "" + aliceHttps, "--grpc-tls-port", "" + aliceGrpcTls,
                "--tls-key-store", aliceKeys.toString()), aliceEnv);
        bob = nodes.start("bob", List.of("--tls-port", "" + bobHttps, "--grpc-tls-port", "" + bobGrpcTls,
                "--tls-key-store", bobKeys.toString(), "--tls-trust-store", bobClients.toString(), "--tls-client-auth", "need"), bobEnv);
    }

    @AfterAll
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    private static Reply putRoute(Node on, Node to, int port, String protocol, String tls) {
        String body = "{\"address\":\"127.0.0.1:" + port + "\",\"protocol\":\"" + protocol + "\",\"tls\":" + tls + "}";
        return send(on.adminUrl("/v1/admin/routes/" + to.id), "PUT", Map.of(), "application/json", body.getBytes());
    }

    private String mtlsToBob(String pin) {
        return "{\"pinned_sha256\":\"" + pin + "\",\"key_store\":\"" + aliceKeys + "\",\"key_store_password\":\"" + PASSWORD + "\"}";
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** @return the last delivery error of {@code on}'s outbound queue to {@code peer}, as the operator sees it in the status */
    private static String lastError(Node on, String peer) {
        JsonNode transport = send(on.adminUrl("/v1/admin/status"), "GET", Map.of(), null, null).json().path("data").path("health")
                .path("transport");
        for (JsonNode h : transport) {
            if ("core".equals(h.path("name").asText())) {
                return h.path("details").path("outboxes").path(peer).path("last_error").asText();
            }
        }
        throw new AssertionError("no transport core health: " + transport);
    }

    /** @return whether {@code e} or a cause names the TLS alert {@code alert} */
    private static boolean alert(Throwable e, String alert) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(alert)) {
                return true;
            }
        }
        return false;
    }

    @Test
    @Order(1)
    void theTlsListenersAreNamedInReadyJson() throws Exception {
        JsonNode ports = TransportNodes.JSON.readTree(bob.data.resolve("run/ready.json").toFile()).path("ports");
        assertEquals(bobHttps, ports.path("east_west_tls").asInt(), ports.toString());
        assertEquals(bobGrpcTls, ports.path("grpc_tls").asInt(), ports.toString());
        assertEquals(bob.eastWest, ports.path("east_west").asInt(), "plaintext east-west stays for containers");
    }

    @Test
    @Order(1)
    void theStorePasswordsReachJettyAndGrpcAsSecretsNotAsStoredValues() throws Exception {
        // the listeners of theTlsListenersAreNamedInReadyJson serve with them; ConfigAdmin keeps only the reference (FM6)
        for (String name : List.of("tls-key-store-password", "tls-trust-store-password")) {
            Path secret = bob.data.resolve("secrets").resolve(name);
            assertEquals(PASSWORD, Files.readString(secret), name);
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)), name);
        }
        boolean references = false;
        try (var files = Files.walk(bob.data.resolve("config"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String stored = Files.readString(f);
                assertFalse(stored.contains(PASSWORD), f + " stores a store password");
                references |= stored.contains("$[secret:tls-key-store-password]");
            }
        }
        assertTrue(references, "the stored configurations name the secret");
        // Jetty and gRPC opened the key store with the password from the secret: both hand out alice's certificate
        handshake(trustingAlice(), aliceHttps, "TLSv1.3");
        handshake(trustingAlice(), aliceGrpcTls, "TLSv1.3");
    }

    @Test
    @Order(2)
    void theAdminApiRefusesBadTlsSettingsWithTheCause() {
        Reply unknown = putRoute(alice, bob, bobHttps, "http", "{\"pinned_sha\":\"ab\"}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.json().path("msg").asText().contains("unknown tls key pinned_sha"), new String(unknown.body()));
        Reply missing = putRoute(alice, bob, bobHttps, "http", "{\"trust_store\":\"no-such-store.p12\"}");
        assertEquals(400, missing.status());
        assertTrue(missing.json().path("msg").asText().contains("no-such-store.p12 does not exist"), new String(missing.body()));
        Reply wrongPassword = putRoute(alice, bob, bobHttps, "http",
                "{\"key_store\":\"" + aliceKeys + "\",\"key_store_password\":\"wrong\"}");
        assertEquals(400, wrongPassword.status());
        assertTrue(wrongPassword.json().path("msg").asText().contains("cannot be read"), new String(wrongPassword.body()));
    }

    @Test
    @Order(3)
    void mutualTlsWithAPinnedCertificateDeliversOverHttpsAndGrpc() throws Exception {
        Reply put = putRoute(alice, bob, bobHttps, "http", mtlsToBob(bobCert.sha256()));
        assertEquals(200, put.status(), new String(put.body()));
        assertEquals("******", put.json().path("data").path("tls").path("key_store_password").asText(), "passwords are not echoed");
        assertEquals("E0000000000", pushJson(alice, "s-https", "bob", "t", "over https".getBytes(), Map.of()).code());
        assertEquals("over https", text(popJson(bob, "s-https", "t", 30_000).content()));

        assertEquals(200, putRoute(alice, bob, bobGrpcTls, "grpc", mtlsToBob(bobCert.sha256())).status());
        assertEquals("E0000000000", pushJson(alice, "s-grpcs", "bob", "t", "over grpc tls".getBytes(), Map.of()).code());
        assertEquals("over grpc tls", text(popJson(bob, "s-grpcs", "t", 30_000).content()));
    }

    @Test
    @Order(4)
    void aTrustStoreRouteWithHostNameCheckDeliversToAServerWithoutClientAuth() {
        String trust = "{\"trust_store\":\"" + aliceTrust + "\",\"trust_store_password\":\"" + PASSWORD + "\"}";
        assertEquals(200, putRoute(bob, alice, aliceHttps, "http", trust).status());
        assertEquals("E0000000000", pushJson(bob, "s-trust", "alice", "t", "https to alice".getBytes(), Map.of()).code());
        assertEquals("https to alice", text(popJson(alice, "s-trust", "t", 30_000).content()));
        assertEquals(200, putRoute(bob, alice, aliceGrpcTls, "grpc", trust).status());
        assertEquals("E0000000000", pushJson(bob, "s-trust", "alice", "t", "grpc tls to alice".getBytes(), Map.of()).code());
        assertEquals("grpc tls to alice", text(popJson(alice, "s-trust", "t", 30_000).content()));
    }

    @Test
    @Order(5)
    void aWrongPinIsRefusedVisiblyAndTheMessageWaitsForTheFixedRoute() throws Exception {
        for (String protocol : List.of("http", "grpc")) {
            int port = protocol.equals("http") ? bobHttps : bobGrpcTls;
            String session = "s-pin-" + protocol;
            assertEquals(200, putRoute(alice, bob, port, protocol, mtlsToBob(malloryCert.sha256())).status());
            assertEquals("E0000000000", pushJson(alice, session, "bob", "t", "pinned".getBytes(), Map.of()).code(),
                    "the push is queued for bob");
            assertNull(popJson(bob, session, "t", 3_000).content(), "nothing reaches bob past a wrong pin (" + protocol + ")");
            String why = lastError(alice, "bob");
            assertTrue(why.startsWith("E0000000607 TLS to node bob") && why.contains("pinned certificate mismatch")
                    && why.contains(bobCert.sha256()) && why.contains(malloryCert.sha256()), why);
            // TR12: a TLS failure is retried, so fixing the route delivers the waiting message
            assertEquals(200, putRoute(alice, bob, port, protocol, mtlsToBob(bobCert.sha256())).status());
            assertEquals("pinned", text(popJson(bob, session, "t", 30_000).content()), protocol);
        }
        assertTrue(Files.readString(alice.data.resolve("logs/hutong.log")).contains("pinned certificate mismatch"),
                "the cause is in the sending node's log");
    }

    @Test
    @Order(6)
    void aPeerWithoutClientCertificateIsRefusedByAServerThatNeedsOne() throws Exception {
        for (String protocol : List.of("http", "grpc")) {
            int port = protocol.equals("http") ? bobHttps : bobGrpcTls;
            String session = "s-nocert-" + protocol;
            assertEquals(200, putRoute(alice, bob, port, protocol, "{\"pinned_sha256\":\"" + bobCert.sha256() + "\"}").status());
            assertEquals("E0000000000", pushJson(alice, session, "bob", "t", "no cert".getBytes(), Map.of()).code());
            assertNull(popJson(bob, session, "t", 3_000).content(), "bob takes nothing from a client without certificate (" + protocol + ")");
            String why = lastError(alice, "bob");
            assertTrue(why.startsWith("E0000000607 TLS to node bob") && why.contains("client certificate"), why);
            assertEquals(200, putRoute(alice, bob, port, protocol, mtlsToBob(bobCert.sha256())).status());
            assertEquals("no cert", text(popJson(bob, session, "t", 30_000).content()), protocol);
        }
    }

    /** A client of alice's TLS listeners trusting her certificate, offering only {@code protocol}. */
    private SSLContext trustingAlice() throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(aliceTrust)) {
            ts.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void handshake(SSLContext ctx, int port, String protocol) throws IOException {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.setEnabledProtocols(new String[] {protocol});
            s.startHandshake();
        }
    }

    private static HttpResponse<String> invoke(SSLContext ctx, int port, String protocol, String session) throws Exception {
        SSLParameters p = new SSLParameters();
        p.setProtocols(new String[] {protocol});
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ctx).sslParameters(p)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v1/interconn/chan/invoke"))
                .timeout(Duration.ofSeconds(30)).header("x-ptp-session-id", session).header("x-ptp-topic", "t")
                .header("x-ptp-version", "1").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString("from a plain client")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(7)
    void aTls11ClientIsRefusedWhereATls12ClientIsServed() throws Exception {
        SSLContext ctx = trustingAlice();
        HttpResponse<String> ok = invoke(ctx, aliceHttps, "TLSv1.2", "s-tls12");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("from a plain client", text(popJson(alice, "s-tls12", "t", 30_000).content()), "TLS 1.2 is served");
        handshake(ctx, aliceGrpcTls, "TLSv1.2");

        IOException https = assertThrows(IOException.class, () -> invoke(ctx, aliceHttps, "TLSv1.1", "s-tls11"));
        assertTrue(alert(https, "protocol_version"), https.toString());
        assertNull(popJson(alice, "s-tls11", "t", 1_000).content(), "nothing arrives over TLS 1.1");
        IOException grpc = assertThrows(IOException.class, () -> handshake(ctx, aliceGrpcTls, "TLSv1.1"));
        assertTrue(alert(grpc, "protocol_version"), grpc.toString());
        for (int port : new int[] {bobHttps, bobGrpcTls}) {
            IOException tls10 = assertThrows(IOException.class, () -> handshake(ctx, port, "TLSv1"));
            assertTrue(alert(tls10, "protocol_version"), tls10.toString());
        }
    }

    @Test
    @Order(8)
    void aNodeWhoseKeyStoreDoesNotOpenRefusesToStartSayingWhy() throws Exception {
        Process p = new ProcessBuilder(NodeOptions.distribution().resolve("bin/hutong").toString(), "start",
                "--data", tmp.resolve("carol").toString(), "--port", "" + NodeOptions.freePort(), "--admin-port", "" + NodeOptions.freePort(),
                "--tls-port", "" + NodeOptions.freePort(), "--tls-key-store", aliceKeys.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), out);
        assertTrue(out.contains("--tls-key-store " + aliceKeys) && out.contains("cannot be opened"), out);
    }
}
