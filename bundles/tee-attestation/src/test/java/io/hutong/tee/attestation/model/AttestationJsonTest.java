/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttestationJsonTest {

    @Test
    void reportReadsTheStandardsPlatformKeyAndWritesTheReferenceOne() {
        UnifiedAttestationReport r = AttestationJson.read(
                "{\"str_report_version\":\"1.0\",\"str_report_type\":\"Passport\",\"str_platform\":\"SGX_DCAP\","
                        + "\"json_report\":\"{}\",\"unknown_future_key\":1}", UnifiedAttestationReport.class);

        assertEquals("SGX_DCAP", r.teePlatform());
        String out = AttestationJson.write(r);
        assertTrue(out.contains("\"str_tee_platform\":\"SGX_DCAP\""), out);
        assertFalse(out.contains("str_platform"), out);
        assertFalse(out.contains("json_nested_reports"), "empty fields are omitted: " + out);
    }

    @Test
    void policyReadsTheCapitalisedPublicKeyAndWritesLowerCase() {
        UnifiedAttestationPolicy p = AttestationJson.read("{\"pem_public_Key\":\"PEM\",\"main_attributes\":"
                + "[{\"hex_signer\":\"AB\"}],\"nested_policies\":[{\"sub_attributes\":[{\"hex_signer\":\"CD\"}]}]}",
                UnifiedAttestationPolicy.class);

        assertEquals("PEM", p.pemPublicKey());
        assertEquals("AB", p.mainAttributes().get(0).get("hex_signer"));
        assertEquals("CD", p.nestedPolicies().get(0).subAttributes().get(0).get("hex_signer"));
        assertTrue(AttestationJson.write(p).startsWith("{\"pem_public_key\":\"PEM\""));
    }

    @Test
    void attributesAcceptMisspelledMeasurementKeysAndBooleansAsJsonValues() {
        UnifiedAttestationAttributes a = AttestationJson.read("{\"hex_platform_measurment\":\"01\","
                + "\"hex_boot_measurment\":\"02\",\"bool_debug_disabled\":true,\"hex_nonce\":\"\"}",
                UnifiedAttestationAttributes.class);

        assertEquals("01", a.get("hex_platform_measurement"));
        assertEquals("02", a.get("hex_boot_measurement"));
        assertEquals("true", a.get("bool_debug_disabled"));
        assertEquals("{\"hex_platform_measurement\":\"01\",\"hex_boot_measurement\":\"02\",\"bool_debug_disabled\":\"true\"}",
                AttestationJson.write(a));
    }

    @Test
    void nestedResultsAndUasKeysAcceptBothSpellings() {
        assertEquals(1, AttestationJson.read("{\"nested_report_results\":[{\"hex_signer\":\"AB\"}]}",
                UnifiedAttestationNestedResults.class).results().size());
        assertEquals("{\"results\":[{\"hex_signer\":\"AB\"}]}", AttestationJson.write(AttestationJson.read(
                "{\"nested_report_results\":[{\"hex_signer\":\"AB\"}]}", UnifiedAttestationNestedResults.class)));
        assertEquals("r", AttestationJson.read("{\"str_uas_result\":\"r\"}", UasReport.class).jsonResult());
        assertEquals("{\"json_result\":\"r\"}", AttestationJson.write(new UasReport("r", null)));
    }

    @Test
    void somethingElseThanJsonIsRejectedWithTheTypeNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttestationJson.read("not json", UnifiedAttestationReport.class));
        assertTrue(e.getMessage().contains("UnifiedAttestationReport"), e.getMessage());
    }
}
