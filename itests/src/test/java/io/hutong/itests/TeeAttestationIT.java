/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.inject.Inject;

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
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hutong.itests.teeswap.ReplacementDcapVerifier;
import io.hutong.itests.teeswap.SwapActivator;

/**
 * TEE unified remote attestation on a running node (spec 60): the UAS over real HTTP with the real
 * recorded SGX DCAP quote, access keys, node registration, and a platform verifier replaced and
 * restored at runtime through {@code deploy/}.
 *
 * <p>The node's UAS verifies at a fixed time inside the recorded collateral's validity window
 * ({@code verification.at}), since all public collateral has expired by now.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TeeAttestationIT {

    // a node start, however loaded the machine (TESTS1: 300 s; NodeProcess.START needs Awaitility, which the probe lacks)
    private static final Duration READY = Duration.ofSeconds(300);
    private static final String UAS_PID = "io.hutong.tee.uas";

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        return NodeOptions.node("node", Map.of(UAS_PID,
                Map.<String, Object>of("verification.at", TeeEvidence.INSIDE_WINDOW.toString())));
    }

    private String eastWest() {
        return "http://127.0.0.1:" + context.getProperty("hutong.port.east_west");
    }

    private String admin() {
        return "http://127.0.0.1:" + context.getProperty("hutong.port.admin");
    }

    @Before
    public void uasIsUp() throws InterruptedException {
        Http.Reply r = Http.await(admin() + "/v1/admin/tee/uas", READY, x -> x.status() == 200);
        assertEquals("UAS: " + r.body(), 200, r.status());
        Http.await(eastWest() + "/v1/interconn/tee/uas/certificate", READY, x -> x.status() == 200);
    }

    private JsonNode issueAccessKey(String description) {
        Http.Reply r = TeeEvidence.post(admin() + "/v1/admin/tee/access-keys", Map.of("description", description));
        assertEquals(r.body(), 200, r.status());
        return r.json().path("data");
    }

    private Http.Reply uasVerify(JsonNode key, String nonce, String report) {
        ObjectNode body = TeeEvidence.JSON.createObjectNode();
        body.put("biz_id", "itest");
        body.put("access_key", key.path("access_key").asText());
        body.put("access_secret", key.path("access_secret").asText());
        body.put("nonce", nonce);
        body.put("report", report);
        return TeeEvidence.post(eastWest() + "/v1/interconn/tee/uas/verify", body);
    }

    private JsonNode adminVerify(String report, Object policy, String at) {
        ObjectNode body = TeeEvidence.JSON.createObjectNode();
        body.put("report", report);
        if (policy != null) {
            body.set("policy", TeeEvidence.JSON.valueToTree(policy));
        }
        if (at != null) {
            body.put("at", at);
        }
        Http.Reply r = TeeEvidence.post(admin() + "/v1/admin/tee/verify", body);
        assertEquals(r.body(), 200, r.status());
        return r.json().path("data");
    }

    @Test
    public void theUasVerifiesTheRealDcapQuoteAndTheChallengerChecksItsSignatureAndNonce() throws Exception {
        JsonNode key = issueAccessKey("challenger round trip");
        String nonce = "9F2C44A1D7E0";
        Http.Reply r = uasVerify(key, nonce, TeeEvidence.dcapPassport());

        assertEquals(r.body(), 200, r.status());
        JsonNode res = r.json();
        assertEquals(res.toString(), "0", res.path("result_code").asText());
        assertEquals("verified: ConfigurationAndSWHardeningNeeded", res.path("result_msg").asText());

        // the challenger: parse the UAS report, check the UAS signature with the pinned UAS certificate, then the nonce
        JsonNode uar = TeeEvidence.JSON.readTree(res.path("attestation_result").asText());
        assertEquals("Uas", uar.path("str_tee_platform").asText());
        assertEquals("Uas", uar.path("str_report_type").asText());
        JsonNode uasReport = TeeEvidence.JSON.readTree(uar.path("json_report").asText());
        String signed = uasReport.path("json_result").asText();
        byte[] signature = Base64.getDecoder().decode(uasReport.path("b64_signature").asText());
        X509Certificate uasCert = certificate(Http.get(eastWest() + "/v1/interconn/tee/uas/certificate").body());
        assertTrue("UAS signature verifies over json_result", rsaVerifies(uasCert, signed, signature));
        assertFalse("an altered result does not verify", rsaVerifies(uasCert, signed.replace(nonce, "00" + nonce), signature));
        JsonNode result = TeeEvidence.JSON.readTree(signed);
        assertEquals(0, result.path("int64_result_code").asInt(-1));
        assertEquals(nonce, result.path("hex_nonce").asText());
        assertEquals("SGX_DCAP", result.path("str_tee_platform").asText());
        assertEquals(Base64.getEncoder().encodeToString(TeeEvidence.quote()), result.path("b64_quote").asText());
        assertEquals("the certificate the admin API shows is the one served east-west",
                uasCert.getPublicKey(), certificate(Http.get(admin() + "/v1/admin/tee/uas").json()
                        .path("data").path("pem_certificate").asText()).getPublicKey());

        // the same check through the node's own Uas verifier, with the nonce and enclave in the policy
        Map<String, Object> policy = Map.of("main_attributes", List.of(Map.of("hex_nonce", nonce,
                "hex_ta_measurement", TeeEvidence.mrEnclave(), "hex_signer", TeeEvidence.mrSigner(),
                "bool_debug_disabled", "true")));
        JsonNode checked = adminVerify(res.path("attestation_result").asText(), policy, null);
        assertTrue(checked.toString(), checked.path("verified").asBoolean());
        assertTrue(checked.toString(), checked.path("policy").path("passed").asBoolean());
        JsonNode replay = adminVerify(res.path("attestation_result").asText(),
                Map.of("main_attributes", List.of(Map.of("hex_nonce", "0123456789AB"))), null);
        assertFalse("another challenger's nonce fails", replay.path("policy").path("passed").asBoolean());
        assertTrue(replay.toString(), replay.path("policy").path("reason").asText().startsWith("hex_nonce: expected prefix \"0123456789AB\""));
    }

    @Test
    public void accessKeysAreIssuedListedWithoutSecretsAndRevoked() {
        JsonNode key = issueAccessKey("bank A attester");
        String ak = key.path("access_key").asText();
        assertTrue(ak, ak.startsWith("AK"));
        assertFalse(key.path("access_secret").asText().isEmpty());

        JsonNode list = Http.get(admin() + "/v1/admin/tee/access-keys").json().path("data");
        JsonNode listed = null;
        for (JsonNode k : list) {
            if (ak.equals(k.path("access_key").asText())) {
                listed = k;
            }
        }
        assertTrue(list.toString(), listed != null);
        assertEquals("bank A attester", listed.path("description").asText());
        assertFalse("the secret is shown once only", list.toString().contains(key.path("access_secret").asText()));

        String report = TeeEvidence.uar("SGX_DCAP", "{}");
        ObjectNode wrongSecret = key.deepCopy();
        wrongSecret.put("access_secret", "not-the-secret");
        for (JsonNode bad : List.of(wrongSecret, TeeEvidence.JSON.createObjectNode().put("access_key", "AKunknown"))) {
            Http.Reply r = uasVerify(bad, "01", report);
            assertEquals(r.body(), 200, r.status());
            assertEquals(r.body(), "401", r.json().path("result_code").asText());
            assertFalse(r.json().has("attestation_result"));
        }
        assertEquals("a known key reaches the verifier", "405", uasVerify(key, "01", report).json().path("result_code").asText());

        Http.Reply revoked = TeeEvidence.delete(admin() + "/v1/admin/tee/access-keys/" + ak);
        assertEquals(revoked.body(), 200, revoked.status());
        assertEquals("401", uasVerify(key, "01", report).json().path("result_code").asText());
        Http.Reply again = TeeEvidence.delete(admin() + "/v1/admin/tee/access-keys/" + ak);
        assertEquals(404, again.status());
        assertEquals(404, again.json().path("code").asInt());
        assertTrue(again.body(), again.json().path("msg").asText().startsWith("access_key"));
    }

    @Test
    public void aNonceThatIsNotHexOrOver64BytesAndFieldsOfTheWrongTypeOrContentTypeAreRefusedWith400() throws Exception {
        JsonNode key = issueAccessKey("hardening");
        String passport = TeeEvidence.dcapPassport();
        for (String nonce : List.of("not hex", "0G", "00".repeat(65), "A".repeat(200_000))) {
            Http.Reply r = uasVerify(key, nonce, passport);
            assertEquals(r.body(), 400, r.status());
            assertEquals("400", r.json().path("result_code").asText());
            assertTrue(r.body(), r.json().path("result_msg").asText().startsWith("nonce: "));
            assertFalse("the refusal does not echo the nonce", r.body().length() > 300);
        }
        assertEquals("a 64-byte nonce is signed", "0", uasVerify(key, "5A".repeat(64), passport).json().path("result_code").asText());

        String fields = "\"access_key\":\"" + key.path("access_key").asText() + "\",\"access_secret\":\""
                + key.path("access_secret").asText() + "\",\"report\":" + TeeEvidence.JSON.writeValueAsString(passport);
        String url = eastWest() + "/v1/interconn/tee/uas/verify";
        for (String body : List.of("{" + fields + ",\"nonce\":1}", "{" + fields + ",\"nonce\":\"01\",\"extra\":1}",
                "{" + fields + ",\"nonce\":\"01\"} {}")) {
            Http.Reply r = TeeEvidence.post(url, body);
            assertEquals(body.substring(body.length() - 30), 400, r.status());
            assertTrue(r.body(), r.json().path("result_msg").asText().startsWith("request body: "));
        }
        Http.Reply plain = Http.post(url, null, null, "text/plain", ("{" + fields + ",\"nonce\":\"01\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(plain.body(), 400, plain.status());
        assertTrue(plain.body(), plain.json().path("result_msg").asText().startsWith("Content-Type: "));
    }

    @Test
    public void malformedRequestsAreAnsweredWithTheFieldAndStatus400() {
        JsonNode key = issueAccessKey("malformed");
        Http.Reply noNonce = uasVerify(key, "", TeeEvidence.uar("SGX_DCAP", "{}"));
        assertEquals(400, noNonce.status());
        assertEquals("400", noNonce.json().path("result_code").asText());
        assertTrue(noNonce.body(), noNonce.json().path("result_msg").asText().startsWith("nonce"));
        Http.Reply notJson = TeeEvidence.post(eastWest() + "/v1/interconn/tee/uas/verify", "{not json");
        assertEquals(400, notJson.status());
        assertEquals("400", notJson.json().path("result_code").asText());
        Http.Reply badReport = uasVerify(key, "01", "[1,2]");
        assertEquals(400, badReport.status());
        assertTrue(badReport.body(), badReport.json().path("result_msg").asText().startsWith("report"));

        Http.Reply badAt = TeeEvidence.post(admin() + "/v1/admin/tee/verify",
                Map.of("report", TeeEvidence.uar("SGX_DCAP", "{}"), "at", "yesterday"));
        assertEquals(400, badAt.status());
        assertEquals(400, badAt.json().path("code").asInt());
        assertTrue(badAt.body(), badAt.json().path("msg").asText().startsWith("at:"));
        Http.Reply noReport = TeeEvidence.post(admin() + "/v1/admin/tee/verify", Map.of("policy", Map.of()));
        assertEquals(400, noReport.status());
        assertTrue(noReport.body(), noReport.json().path("msg").asText().startsWith("report"));
        Http.Reply badPolicy = TeeEvidence.post(admin() + "/v1/admin/tee/verify",
                Map.of("report", TeeEvidence.uar("SGX_DCAP", "{}"), "policy", List.of(1)));
        assertEquals(400, badPolicy.status());
        assertTrue(badPolicy.body(), badPolicy.json().path("msg").asText().startsWith("policy"));
    }

    @Test
    public void anUnsupportedPlatformIsNeverAPassAndTheStatusSaysWhichPlatformsAreVerified() {
        JsonNode csv = adminVerify(TeeEvidence.uar("CSV", "{\"b64_quote\":\"AAAA\"}"),
                Map.of("main_attributes", List.of(Map.of("str_tee_platform", "CSV"))), null);
        assertFalse(csv.path("verified").asBoolean());
        assertEquals("UNSUPPORTED", csv.path("failure").asText());
        assertTrue(csv.toString(), csv.path("message").asText().startsWith("unsupported: "));
        JsonNode unknown = adminVerify(TeeEvidence.uar("NoSuchTee", "{}"), null, null);
        assertEquals("UNSUPPORTED", unknown.path("failure").asText());

        JsonNode tee = Http.get(admin() + "/v1/admin/status").json().path("data").path("health").path("tee");
        JsonNode verifiers = null;
        for (JsonNode h : tee) {
            if ("verifiers".equals(h.path("name").asText())) {
                verifiers = h;
            }
        }
        assertTrue(tee.toString(), verifiers != null);
        assertEquals(List.of("CSV", "HyperEnclave", "Kunpeng"),
                TeeEvidence.JSON.convertValue(verifiers.path("details").path("unsupported"), List.class));
        List<?> verified = TeeEvidence.JSON.convertValue(verifiers.path("details").path("verified"), List.class);
        assertTrue(verified.toString(), verified.containsAll(List.of("SGX_DCAP", "SGX_EPID", "Uas")));
        assertTrue(verifiers.path("message").asText(), verifiers.path("message").asText()
                .contains("unsupported (signatures not checked): CSV, HyperEnclave, Kunpeng"));
    }

    @Test
    public void theUasKeyOutlivesAReconfigurationAndTheRealClockRefusesExpiredCollateral() throws Exception {
        String rsaKey = uasInfo().path("public_key_sha256").asText();
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(UAS_PID, "?");
        Dictionary<String, Object> original = c.getProperties();
        try {
            Dictionary<String, Object> props = copy(original);
            props.remove("verification.at");
            c.update(props);
            awaitUas(info -> info.path("verification_at").asText().isEmpty());
            assertEquals("the reactivated UAS signs with the key it had", rsaKey, uasInfo().path("public_key_sha256").asText());
            Http.Reply expired = uasVerify(issueAccessKey("clock"), "01", TeeEvidence.dcapPassport());
            assertEquals(expired.body(), "405", expired.json().path("result_code").asText());
            assertTrue(expired.body(), expired.json().path("result_msg").asText().startsWith("EXPIRED"));

            props.put("signing.algorithm", "SM2");
            c.update(props);
            JsonNode sm2 = awaitUas(info -> "SM2".equals(info.path("algorithm").asText()));
            assertEquals("SM3withSM2", sm2.path("signature_algorithm").asText());
            assertNotEquals(rsaKey, sm2.path("public_key_sha256").asText());

            props.put("signing.algorithm", "RSA");
            c.update(props);
            awaitUas(info -> "RSA".equals(info.path("algorithm").asText()));
            assertEquals("switching back restores the same RSA key", rsaKey, uasInfo().path("public_key_sha256").asText());
        } finally {
            c.update(original);
            awaitUas(info -> !info.path("verification_at").asText().isEmpty()
                    && "RSA".equals(info.path("algorithm").asText()));
        }
    }

    @Test
    public void aVerifierDroppedIntoDeployTakesOverAndTheShippedOneReturnsWhenItLeaves() throws Exception {
        long frameworkStart = context.getBundle(0).getLastModified();
        String at = TeeEvidence.INSIDE_WINDOW.toString();
        String passport = TeeEvidence.dcapPassport();
        assertEquals("ConfigurationAndSWHardeningNeeded", adminVerify(passport, null, at).path("platform_status").asText());

        Path deploy = Path.of(context.getProperty("hutong.home"), "deploy");
        Path jar = deploy.resolve("tee-swap.jar");
        writeReplacementVerifierBundle(jar);
        assertEquals(ReplacementDcapVerifier.STATUS, awaitVerdict(passport, at, ReplacementDcapVerifier.STATUS));
        JsonNode deployed = Http.get(admin() + "/v1/admin/tee/verifiers").json().path("data");
        assertEquals(deployed.toString(), "io.hutong.itests.teeswap", activeFor(deployed, "SGX_DCAP").path("bundle").asText());
        JsonNode key = issueAccessKey("hot swap");
        assertEquals("the UAS uses the replacement too", "verified: " + ReplacementDcapVerifier.STATUS,
                uasVerify(key, "02", passport).json().path("result_msg").asText());

        // registration: the replacement binds the key hash the report names, so a node gets a certificate
        KeyPair nodeKey = KeyPairGenerator.getInstance("EC").generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(nodeKey.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        String binding = TeeEvidence.uar("SGX_DCAP", TeeEvidence.dcapReport().put("bind", sha256Hex(pem)).toString());
        Http.Reply registered = register(key, "tee-node-1", pem, binding);
        assertEquals(registered.body(), "0", registered.json().path("result_code").asText());
        X509Certificate issued = certificate(registered.json().path("pem_certificate").asText());
        X509Certificate uasCert = certificate(registered.json().path("pem_uas_certificate").asText());
        issued.verify(uasCert.getPublicKey());
        assertEquals("CN=tee-node-1", issued.getSubjectX500Principal().getName());
        assertEquals(nodeKey.getPublic(), issued.getPublicKey());
        Http.Reply unbound = register(key, "tee-node-2", pem, TeeEvidence.uar("SGX_DCAP",
                TeeEvidence.dcapReport().put("bind", "00".repeat(32)).toString()));
        assertEquals("405", unbound.json().path("result_code").asText());
        assertTrue(unbound.body(), unbound.json().path("result_msg").asText().startsWith("hex_hash_or_pem_pubkey"));

        // a verification in flight when the bundle leaves finishes on the verifier it started with
        Path hold = Files.createTempFile("tee-hold", "");
        Path started = hold.resolveSibling(hold.getFileName() + ".started");
        String held = TeeEvidence.uar("SGX_DCAP", TeeEvidence.dcapReport().put("hold", hold.toString()).toString());
        CompletableFuture<JsonNode> inFlight = CompletableFuture.supplyAsync(() -> adminVerify(held, null, at));
        awaitFile(started);

        Files.delete(jar);
        assertEquals("the shipped verifier answers again", "ConfigurationAndSWHardeningNeeded",
                awaitVerdict(passport, at, "ConfigurationAndSWHardeningNeeded"));
        Files.delete(hold);
        assertEquals(ReplacementDcapVerifier.STATUS, inFlight.get().path("platform_status").asText());
        assertEquals("io.hutong.tee.sgx.dcap", activeFor(Http.get(admin() + "/v1/admin/tee/verifiers").json().path("data"),
                "SGX_DCAP").path("bundle").asText());
        Http.Reply notBound = register(key, "tee-node-3", pem, binding);
        assertEquals("the real verifier finds no key binding in the recorded quote", "405",
                notBound.json().path("result_code").asText());
        assertEquals("no restart", frameworkStart, context.getBundle(0).getLastModified());
        assertEquals(Bundle.ACTIVE, find("io.hutong.tee.attestation").getState());
    }

    @Test
    public void rootsArePinnedThroughEtcAsTheReadmeTellsOperators() throws Exception {
        String at = TeeEvidence.INSIDE_WINDOW.toString();
        String passport = TeeEvidence.dcapPassport();
        String intelRoot = "44:A0:19:6B:2B:99:F8:89:B8:E1:49:E9:5B:80:7A:35:0E:74:24:96:43:99:E8:85:A7:CB:B8:CC:FA:B6:74:D3";
        String otherRoot = "AB".repeat(32);
        Path cfg = Path.of(context.getProperty("hutong.home"), "etc", "io.hutong.tee.sgx.dcap.cfg");
        try {
            writeAtomically(cfg, "trusted.root.sha256=[\"" + otherRoot + "\"]\n");
            JsonNode untrusted = awaitVerify(passport, at, d -> "UNTRUSTED_ROOT".equals(d.path("failure").asText()));
            assertEquals(untrusted.toString(), "UNTRUSTED_ROOT", untrusted.path("failure").asText());
            assertFalse(untrusted.path("verified").asBoolean());

            writeAtomically(cfg, "trusted.root.sha256=[\"" + otherRoot + "\",\"" + intelRoot + "\"]\n");
            JsonNode pinned = awaitVerify(passport, at, d -> d.path("verified").asBoolean());
            assertEquals(pinned.toString(), "ConfigurationAndSWHardeningNeeded", pinned.path("platform_status").asText());

            writeAtomically(cfg, "trusted.root.sha256=[\"" + otherRoot + "\"]\n");
            awaitVerify(passport, at, d -> "UNTRUSTED_ROOT".equals(d.path("failure").asText()));
        } finally {
            Files.deleteIfExists(cfg);
        }
        JsonNode defaults = awaitVerify(passport, at, d -> d.path("verified").asBoolean());
        assertTrue("without the file the Intel root is pinned again: " + defaults, defaults.path("verified").asBoolean());
    }

    private JsonNode awaitVerify(String report, String at, java.util.function.Predicate<JsonNode> accept)
            throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        JsonNode seen = adminVerify(report, null, at);
        while (!accept.test(seen) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = adminVerify(report, null, at);
        }
        return seen;
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        // written beside etc/, not in it: FileInstall would read a half-written file
        Path tmp = target.getParent().resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Http.Reply register(JsonNode key, String nodeId, String pem, String report) {
        ObjectNode body = TeeEvidence.JSON.createObjectNode();
        body.put("access_key", key.path("access_key").asText());
        body.put("access_secret", key.path("access_secret").asText());
        body.put("node_id", nodeId);
        body.put("pem_public_key", pem);
        body.put("report", report);
        return TeeEvidence.post(eastWest() + "/v1/interconn/tee/uas/register", body);
    }

    private String awaitVerdict(String report, String at, String status) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        String seen = adminVerify(report, null, at).path("platform_status").asText();
        while (!seen.equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = adminVerify(report, null, at).path("platform_status").asText();
        }
        return seen;
    }

    private static JsonNode activeFor(JsonNode deployed, String platform) {
        for (JsonNode d : deployed) {
            if (platform.equals(d.path("str_tee_platform").asText()) && d.path("active").asBoolean()) {
                return d;
            }
        }
        throw new AssertionError("no active verifier for " + platform + ": " + deployed);
    }

    private JsonNode uasInfo() {
        return Http.get(admin() + "/v1/admin/tee/uas").json().path("data");
    }

    private JsonNode awaitUas(java.util.function.Predicate<JsonNode> accept) throws InterruptedException {
        Http.Reply r = Http.await(admin() + "/v1/admin/tee/uas", READY,
                x -> x.status() == 200 && accept.test(x.json().path("data")));
        assertTrue(r.body(), r.status() == 200 && accept.test(r.json().path("data")));
        Http.await(eastWest() + "/v1/interconn/tee/uas/certificate", READY, x -> x.status() == 200);
        return r.json().path("data");
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue("the verification started: " + file, Files.exists(file));
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> d) {
        Dictionary<String, Object> out = new Hashtable<>();
        if (d != null) {
            for (var keys = d.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                out.put(k, d.get(k));
            }
        }
        return out;
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static boolean rsaVerifies(X509Certificate cert, String text, byte[] signature) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(cert.getPublicKey());
        s.update(text.getBytes(StandardCharsets.UTF_8));
        return s.verify(signature);
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private Bundle find(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static void writeReplacementVerifierBundle(Path target) throws IOException {
        TestBundles.write(target, "io.hutong.itests.teeswap", "1.0.0", SwapActivator.class,
                "org.osgi.framework,io.hutong.api.tee", Map.of(), ReplacementDcapVerifier.class);
    }
}
