/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.hutong.api.tee.sgx.DcapReport;
import io.hutong.api.tee.sgx.SgxQlQveCollateral;

class DcapJsonTest {

    @Test
    void collateralReadsTheStandardsPrefixedKeysAndWritesTheReferenceOnes() {
        SgxQlQveCollateral c = DcapJson.readCollateral("{\"int64_version\":\"3\",\"pem_pck_crl_issuer_chain\":\"a\","
                + "\"str_root_ca_crl\":\"b\",\"str_pck_crl\":\"c\",\"pem_tcb_info_issuer_chain\":\"d\","
                + "\"str_tcb_info\":\"e\",\"pem_qe_identity_issuer_chain\":\"f\",\"str_qe_identity\":\"g\"}");

        assertEquals(new SgxQlQveCollateral(3L, "a", "b", "c", "d", "e", "f", "g"), c);
        assertEquals("{\"version\":3,\"pck_crl_issuer_chain\":\"a\",\"root_ca_crl\":\"b\",\"pck_crl\":\"c\","
                + "\"tcb_info_issuer_chain\":\"d\",\"tcb_info\":\"e\",\"qe_identity_issuer_chain\":\"f\","
                + "\"qe_identity\":\"g\"}", DcapJson.write(c));
    }

    @Test
    void aReportRoundTripsWithTheReferenceKeysAndIgnoresUnknownOnes() {
        DcapReport r = DcapJson.readReport("{\"b64_quote\":\"AAAA\",\"json_collateral\":\"{}\",\"future_key\":[1]}");

        assertEquals(new DcapReport("AAAA", "{}"), r);
        assertEquals("{\"b64_quote\":\"AAAA\",\"json_collateral\":\"{}\"}", DcapJson.write(r));
        assertEquals("{\"b64_quote\":\"AAAA\"}", DcapJson.write(new DcapReport("AAAA", "")), "empty fields are left out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "{\"b64_quote\":\"a\"} trailing", "{\"b64_quote\":\"a\",\"b64_quote\":\"b\"}",
            "{\"b64_quote\":{\"nested\":1}}", "null", " "})
    void aTextThatIsNotExactlyOneReportIsRefusedWithTheTypeNamed(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DcapJson.readReport(json));
        assertTrue(e.getMessage().contains("DcapReport"), e.getMessage());
    }

    @Test
    void aCollateralVersionThatIsNotANumberIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DcapJson.readCollateral("{\"version\":\"three\"}"));
        assertTrue(e.getMessage().startsWith("not a valid SgxQlQveCollateral"), e.getMessage());
    }
}
