/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.epid.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.hutong.api.tee.sgx.IasReport;

class IasJsonTest {

    @Test
    void theResponseBodyIsReadInBothSpellingsAndWrittenInTheReferenceOne() {
        assertEquals("b", IasJson.read("{\"str_response_body\":\"b\"}").responseBody());
        assertEquals("b", IasJson.read("{\"json_response_body\":\"b\"}").responseBody());
        assertEquals("{\"json_response_body\":\"b\"}", IasJson.write(new IasReport(null, null, null, null, "b")));
    }

    @Test
    void everyFieldKeepsItsStandardKey() {
        IasReport r = new IasReport("sig", "PEM", "https://a", "INTEL-SA-1", "{}");
        String json = IasJson.write(r);
        assertEquals("{\"b64_signature\":\"sig\",\"str_signing_cert\":\"PEM\",\"str_advisory_url\":\"https://a\","
                + "\"str_advisory_ids\":\"INTEL-SA-1\",\"json_response_body\":\"{}\"}", json);
        assertEquals(r, IasJson.read(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "\"a string\"", "{\"b64_signature\":\"a\"}{}", "{\"b64_signature\":\"a\",\"b64_signature\":\"b\"}",
            "{\"str_signing_cert\":[\"x\"]}", "null", ""})
    void aTextThatIsNotExactlyOneIasReportIsRefusedWithTheTypeNamed(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IasJson.read(json));
        assertTrue(e.getMessage().contains("IasReport"), e.getMessage());
    }
}
