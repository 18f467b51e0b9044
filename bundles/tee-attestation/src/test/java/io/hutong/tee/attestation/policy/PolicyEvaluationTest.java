/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.tee.attestation.impl.Pem;
import io.hutong.tee.attestation.model.AttestationJson;
import io.hutong.tee.attestation.model.UnifiedAttestationAttributes;
import io.hutong.tee.attestation.model.UnifiedAttestationNestedReports;
import io.hutong.tee.attestation.model.UnifiedAttestationNestedResults;
import io.hutong.tee.attestation.model.UnifiedAttestationPolicy;
import io.hutong.tee.attestation.model.UnifiedAttestationPolicy.NestedPolicy;

class PolicyEvaluationTest {

    private static final String MRENCLAVE = "33D8736D" + "00".repeat(28);

    private static UnifiedAttestationAttributes attrs(String... kv) {
        UnifiedAttestationAttributes a = new UnifiedAttestationAttributes();
        for (int i = 0; i < kv.length; i += 2) {
            a.put(kv[i], kv[i + 1]);
        }
        return a;
    }

    private static UnifiedAttestationAttributes actual() {
        return attrs(TeeAttributes.TEE_PLATFORM, "SGX_DCAP", TeeAttributes.TA_MEASUREMENT, MRENCLAVE,
                TeeAttributes.SIGNER, "815F42F1", TeeAttributes.PROD_ID, "0", TeeAttributes.MIN_ISVSVN, "5",
                TeeAttributes.DEBUG_DISABLED, "true", TeeAttributes.USER_DATA, "48656C6C6F2C20776F726C6421000000",
                TeeAttributes.NONCE, "0A0B0C0D", TeeAttributes.HASH_OR_PEM_PUBKEY, "AA".repeat(32),
                TeeAttributes.PLATFORM_SW_VERSION, "0102", TeeAttributes.SPID, "5A5A");
    }

    private static PolicyVerdict evaluate(UnifiedAttestationAttributes expected) {
        return PolicyEvaluation.evaluate(new UnifiedAttestationPolicy("", List.of(expected), List.of()), actual(), null);
    }

    @ParameterizedTest(name = "{0} = {1} passes")
    @CsvSource({
            "str_tee_platform, SGX_DCAP",
            "hex_ta_measurement, 33d8736d00000000000000000000000000000000000000000000000000000000",
            "hex_signer, 815f42f1",
            "hex_prod_id, 0",
            "hex_platform_sw_version, 0102",
            "hex_spid, 5a5a",
            "str_min_isvsvn, 5",
            "str_min_isvsvn, 4",
            "str_min_isvsvn, 0",
            "bool_debug_disabled, true",
            "bool_debug_disabled, 1",
            "hex_user_data, 48656c6c6f",
            "hex_user_data, 48656C6C6F2C20776F726C6421000000",
            "hex_nonce, 0A0B",
            "hex_hash_or_pem_pubkey, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    })
    void aMatchingAttributePasses(String key, String value) {
        PolicyVerdict v = evaluate(attrs(key, value));
        assertTrue(v.passed(), v.reason());
    }

    @ParameterizedTest(name = "{0} = {1} fails")
    @CsvSource({
            "str_tee_platform, SGX_EPID, SGX_DCAP",
            "str_tee_platform, sgx_dcap, SGX_DCAP",
            "hex_ta_measurement, 33D8736E00000000000000000000000000000000000000000000000000000000, 33D8736D",
            "hex_ta_measurement, 33D8736D, 33D8736D",
            "hex_signer, 815F42F2, 815F42F1",
            "hex_prod_id, 1, 0",
            "hex_platform_sw_version, 0103, 0102",
            "hex_platform_hw_version, 01, (empty)",
            "hex_secure_flags, 01, (empty)",
            "hex_spid, 5A5B, 5A5A",
            "str_min_isvsvn, 6, 5",
            "str_min_isvsvn, 10, 5",
            "bool_debug_disabled, false, true",
            "hex_user_data, 48656C6C6F2C20776F726C642100000000, 48656C6C6F2C20776F726C6421000000",
            "hex_user_data, 656C6C6F, 48656C6C6F2C20776F726C6421000000",
            "hex_nonce, 0B, 0A0B0C0D",
            "hex_hash_or_pem_pubkey, BB, AAAAAAAA",
    })
    void aMismatchingAttributeFailsNamingItAndBothValues(String key, String value, String actualShown) {
        PolicyVerdict v = evaluate(attrs(key, value));
        assertFalse(v.passed());
        assertTrue(v.reason().startsWith(key + ":"), v.reason());
        assertTrue(v.reason().contains(value), v.reason());
        assertTrue(v.reason().contains(actualShown), v.reason());
    }

    @Test
    void minimumIsvSvnComparesNumbersNotText() {
        UnifiedAttestationAttributes ten = attrs(TeeAttributes.MIN_ISVSVN, "10");
        UnifiedAttestationPolicy nine = new UnifiedAttestationPolicy("", List.of(attrs(TeeAttributes.MIN_ISVSVN, "9")), List.of());
        assertTrue(PolicyEvaluation.evaluate(nine, ten, null).passed());
    }

    @Test
    void emptyExpectedValuesAreIgnored() {
        assertTrue(evaluate(attrs(TeeAttributes.SIGNER, "", TeeAttributes.TA_MEASUREMENT, MRENCLAVE)).passed());
        assertTrue(evaluate(new UnifiedAttestationAttributes()).passed());
    }

    @Test
    void anEmptyMainAttributesListFails() {
        PolicyVerdict v = PolicyEvaluation.evaluate(new UnifiedAttestationPolicy("", List.of(), List.of()), actual(), null);
        assertFalse(v.passed());
        assertTrue(v.reason().contains("main_attributes"), v.reason());
    }

    @Test
    void mainAttributeEntriesAreAlternativesAndEachMissIsReported() {
        UnifiedAttestationAttributes oldSigner = attrs(TeeAttributes.SIGNER, "01");
        UnifiedAttestationAttributes newSigner = attrs(TeeAttributes.SIGNER, "815F42F1");
        assertTrue(PolicyEvaluation.evaluate(new UnifiedAttestationPolicy("", List.of(oldSigner, newSigner), List.of()),
                actual(), null).passed());

        PolicyVerdict v = PolicyEvaluation.evaluate(new UnifiedAttestationPolicy("",
                List.of(oldSigner, attrs(TeeAttributes.MIN_ISVSVN, "9")), List.of()), actual(), null);
        assertFalse(v.passed());
        assertTrue(v.reason().contains("main_attributes[0] hex_signer"), v.reason());
        assertTrue(v.reason().contains("main_attributes[1] str_min_isvsvn"), v.reason());
    }

    @Test
    void aPemKeyMatchesTheHashTheReportBinds() throws Exception {
        String pem = publicPem(rsa());
        UnifiedAttestationAttributes bound = attrs(TeeAttributes.HASH_OR_PEM_PUBKEY, Pem.sha256Hex(pem).toLowerCase());

        assertTrue(PolicyEvaluation.matches(attrs(TeeAttributes.HASH_OR_PEM_PUBKEY, pem), bound).passed());
        assertTrue(PolicyEvaluation.evaluate(new UnifiedAttestationPolicy(pem, List.of(new UnifiedAttestationAttributes()),
                List.of()), bound, null).passed());

        String other = publicPem(rsa());
        assertFalse(PolicyEvaluation.matches(attrs(TeeAttributes.HASH_OR_PEM_PUBKEY, other), bound).passed());
        PolicyVerdict v = PolicyEvaluation.evaluate(new UnifiedAttestationPolicy(other,
                List.of(new UnifiedAttestationAttributes()), List.of()), bound, null);
        assertFalse(v.passed());
        assertTrue(v.reason().startsWith("pem_public_key:") && v.reason().contains(Pem.sha256Hex(other)), v.reason());
    }

    @Test
    void nestedReportsAreMatchedByPositionAfterTheirSignatureIsChecked() throws Exception {
        KeyPair key = rsa();
        String pem = publicPem(key);
        String results = AttestationJson.write(new UnifiedAttestationNestedResults(List.of(
                attrs(TeeAttributes.SIGNER, "01"), attrs(TeeAttributes.SIGNER, "02"))));
        UnifiedAttestationNestedReports nested = new UnifiedAttestationNestedReports(results, sign(key, results));
        UnifiedAttestationAttributes main = attrs(TeeAttributes.HASH_OR_PEM_PUBKEY, Pem.sha256Hex(pem));
        List<UnifiedAttestationAttributes> any = List.of(new UnifiedAttestationAttributes());

        UnifiedAttestationPolicy inOrder = new UnifiedAttestationPolicy(pem, any, List.of(
                new NestedPolicy(List.of(attrs(TeeAttributes.SIGNER, "01"))),
                new NestedPolicy(List.of(attrs(TeeAttributes.SIGNER, "FF"), attrs(TeeAttributes.SIGNER, "02")))));
        assertTrue(PolicyEvaluation.evaluate(inOrder, main, nested).passed());

        UnifiedAttestationPolicy swapped = new UnifiedAttestationPolicy(pem, any, List.of(
                new NestedPolicy(List.of(attrs(TeeAttributes.SIGNER, "02"))),
                new NestedPolicy(List.of(attrs(TeeAttributes.SIGNER, "01")))));
        PolicyVerdict v = PolicyEvaluation.evaluate(swapped, main, nested);
        assertFalse(v.passed());
        assertTrue(v.reason().startsWith("nested report 0: hex_signer"), v.reason());

        UnifiedAttestationPolicy oneOnly = new UnifiedAttestationPolicy(pem, any, List.of(inOrder.nestedPolicies().get(0)));
        assertTrue(PolicyEvaluation.evaluate(oneOnly, main, nested).reason().contains("expected 1 nested reports, actual 2"));

        // one changed character of the signed text, or a signature by another key, fails
        UnifiedAttestationNestedReports tampered = new UnifiedAttestationNestedReports(results.replace("01", "03"),
                nested.b64NestedSignature());
        assertTrue(PolicyEvaluation.evaluate(inOrder, main, tampered).reason().startsWith("b64_nested_signature"));
        UnifiedAttestationNestedReports otherKey = new UnifiedAttestationNestedReports(results, sign(rsa(), results));
        assertFalse(PolicyEvaluation.evaluate(inOrder, main, otherKey).passed());
    }

    @Test
    void nestedPoliciesWithoutNestedReportsFail() {
        UnifiedAttestationPolicy p = new UnifiedAttestationPolicy("", List.of(new UnifiedAttestationAttributes()),
                List.of(new NestedPolicy(List.of(new UnifiedAttestationAttributes()))));
        PolicyVerdict v = PolicyEvaluation.evaluate(p, actual(), null);
        assertFalse(v.passed());
        assertTrue(v.reason().contains("expected 1 nested reports, actual 0"), v.reason());
    }

    @Test
    void unknownPolicyKeysAndTheInstanceIdentityAreNotCompared() {
        assertTrue(evaluate(new UnifiedAttestationAttributes(Map.of(TeeAttributes.TEE_IDENTITY, "42", "x_future", "1")))
                .passed());
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static String publicPem(KeyPair key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String sign(KeyPair key, String text) throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key.getPrivate());
        s.update(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }
}
