/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStreamReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.RunScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.health.Health;
import io.hutong.api.store.Database;
import io.hutong.tee.attestation.uas.TeeNodeRegistration;
import io.hutong.tee.attestation.uas.UasSigningKey;
import jakarta.ws.rs.core.Response;

/**
 * The UAS component on a real H2 database: the RSA-4096 default and minimum, the replacement of a
 * shorter key made by an earlier version, and the HTTP resource's checks before any credential is read.
 */
class UasNodeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TeeStore store() throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("node").toAbsolutePath() + ";DB_CLOSE_DELAY=-1");
        Database db = new Database() {
            @Override
            public DataSource dataSource() {
                return ds;
            }

            @Override
            public String dialect() {
                return "h2";
            }

            @Override
            public List<String> migrate(String module, Bundle bundle, String folder) throws SQLException {
                try (Connection c = ds.getConnection();
                     var in = new InputStreamReader(UasNodeTest.class.getResourceAsStream("/" + folder + "/V1__uas.sql"),
                             StandardCharsets.UTF_8)) {
                    if (!c.getMetaData().getTables(null, null, "TEE_UAS_KEY", null).next()) {
                        RunScript.execute(c, in);
                    }
                    return List.of();
                } catch (java.io.IOException e) {
                    throw new SQLException(e);
                }
            }
        };
        return new TeeStore(db, context());
    }

    private static BundleContext context() {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                UasNodeTest.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> null);
        return (BundleContext) Proxy.newProxyInstance(UasNodeTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> m.getName().equals("registerService") ? registration : null);
    }

    /** A configuration with the annotation's defaults, some replaced. */
    static UasConfig config(Map<String, Object> values) {
        return (UasConfig) Proxy.newProxyInstance(UasNodeTest.class.getClassLoader(), new Class<?>[] {UasConfig.class},
                (p, m, a) -> values.containsKey(m.getName()) ? values.get(m.getName()) : m.getDefaultValue());
    }

    private static UasNode node(TeeStore store, Map<String, Object> config) throws Exception {
        return new UasNode(store, new TeeVerifierRegistry(), config(config), context());
    }

    private static int rsaBits(UasNode uas) throws Exception {
        String pem = (String) uas.describe().get("pem_public_key");
        return ((RSAPublicKey) Pem.publicKey(pem)).getModulus().bitLength();
    }

    @Test
    void aFreshNodeMakesAnRsa4096KeyAsideAndKeepsIt() throws Exception {
        assertEquals(4096, UasConfig.class.getMethod("rsa_bits").getDefaultValue());
        TeeStore store = store();
        long start = System.nanoTime();
        UasNode uas = node(store, Map.of());
        long activation = System.nanoTime() - start;
        assertEquals(4096, rsaBits(uas)); // waits for the key
        long made = System.nanoTime() - start;
        System.out.printf("UAS RSA-4096: activation returned after %d ms, key ready after %d ms%n",
                activation / 1_000_000, made / 1_000_000);
        Object fingerprint = uas.describe().get("public_key_sha256");
        assertEquals(4096, uas.health().details().get("rsa_bits"));
        assertEquals(fingerprint, node(store, Map.of()).describe().get("public_key_sha256"), "a restart keeps the key");
    }

    @Test
    void anRsaKeyShorterThan4096BitsIsRefusedInTheConfiguration() throws Exception {
        TeeStore store = store();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> node(store, Map.of("rsa_bits", 3072)));
        assertTrue(e.getMessage().startsWith("rsa.bits: at least 4096"), e.getMessage());
    }

    @Test
    void anRsa3072KeyStoredByAnEarlierVersionIsReplacedOnceAndTheHealthSaysSo() throws Exception {
        TeeStore store = store();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(3072);
        KeyPair old = g.generateKeyPair();
        Instant now = Instant.now();
        String oldPublic = Base64.getEncoder().encodeToString(old.getPublic().getEncoded());
        store.saveUasKey(new TeeStore.UasKeyRow("RSA", oldPublic, Base64.getEncoder().encodeToString(old.getPrivate().getEncoded()),
                UasNode.pem(TeeNodeRegistration.selfSigned("Hutong UAS", old, now, Duration.ofDays(3650))), now));

        UasNode uas = node(store, Map.of());
        assertEquals(4096, rsaBits(uas));
        Health health = uas.health();
        assertEquals(Pem.hex(Pem.sha256(old.getPublic().getEncoded())), health.details().get("replaced_public_key_sha256"));
        String replacement = store.uasKey("RSA").orElseThrow().publicKey();
        assertNotEquals(oldPublic, replacement);
        assertEquals(4096, rsaBits(node(store, Map.of())), "the next start loads the replacement");
        assertEquals(replacement, store.uasKey("RSA").orElseThrow().publicKey(), "and does not replace it again");
        assertTrue(UasSigningKey.undersized(old.getPublic()));
    }

    @Test
    void theResourceRefusesANonJsonBodyAndBadFieldsBeforeReadingAnyCredential() throws Exception {
        TeeStore store = store();
        UasResource resource = new UasResource();
        resource.uas = node(store, Map.of("signing_algorithm", "SM2"));
        String good = "{\"access_key\":\"AK1\",\"nonce\":\"01\",\"report\":\"{}\"}";

        for (String contentType : new String[] {null, "text/plain", "application/x-www-form-urlencoded", "*/*", "nonsense"}) {
            JsonNode body = check(resource.verify(contentType, good), 400);
            assertTrue(body.path("result_msg").asText().startsWith("Content-Type: expected application/json"), body.toString());
            body = check(resource.register(contentType, good), 400);
            assertTrue(body.path("result_msg").asText().startsWith("Content-Type: expected application/json"), body.toString());
        }
        assertTrue(check(resource.verify("application/json; charset=UTF-8",
                "{\"access_key\":\"AK1\",\"nonce\":\"zz\",\"report\":\"{}\"}"), 400).path("result_msg").asText().startsWith("nonce: "));
        assertTrue(check(resource.verify("application/json", good + "x"), 400).path("result_msg").asText()
                .startsWith("request body: "));
        // a key longer than the stored keys can be is a 400, not a database error
        JsonNode longKey = check(resource.verify("application/json",
                "{\"access_key\":\"" + "K".repeat(5000) + "\",\"nonce\":\"01\",\"report\":\"{}\"}"), 400);
        assertTrue(longKey.path("result_msg").asText().startsWith("access_key: at most 64"), longKey.toString());
        // well-formed but unknown: refused as a credential, in the standard's result codes
        assertEquals("401", check(resource.verify("application/json", good), 200).path("result_code").asText());

        Map<String, String> register = new HashMap<>(Map.of("access_key", "AK1", "node_id", "node-1",
                "pem_public_key", "PEM", "report", "{}"));
        register.put("node_id", "CN=evil,O=x");
        assertTrue(check(resource.register("application/json", JSON.writeValueAsString(register)), 400)
                .path("result_msg").asText().startsWith("node_id: "));
        register.put("node_id", "n".repeat(65));
        assertTrue(check(resource.register("application/json", JSON.writeValueAsString(register)), 400)
                .path("result_msg").asText().startsWith("node_id: at most 64"));
        register.put("node_id", "node-1");
        register.put("extra", "x");
        assertTrue(check(resource.register("application/json", JSON.writeValueAsString(register)), 400)
                .path("result_msg").asText().startsWith("request body: unknown field \"extra\""));
        register.remove("extra");
        assertEquals("401", check(resource.register("application/json", JSON.writeValueAsString(register)), 200)
                .path("result_code").asText());
    }

    private static JsonNode check(Response r, int status) throws Exception {
        assertEquals(status, r.getStatus());
        JsonNode body = JSON.readTree(JSON.writeValueAsString(r.getEntity()));
        assertEquals(String.valueOf(status == 200 ? body.path("result_code").asText() : status),
                body.path("result_code").asText(), body.toString());
        return body;
    }
}
