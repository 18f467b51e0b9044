/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.epid.impl;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.hutong.api.tee.sgx.IasReport;

/**
 * The JSON mapping of an {@code SGX_EPID} passport's {@code json_report}, the IAS report (spec 60 §4.2),
 * kept in this bundle so the API type stays plain (decision API1).
 *
 * <p>Unknown keys are ignored; a text must be exactly one JSON value without a repeated key. The
 * reference's {@code json_response_body} is written, the standard's {@code str_response_body} read too.
 */
public final class IasJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private IasJson() {
    }

    /**
     * @param json a {@code json_report} text
     * @return the IAS report
     * @throws IllegalArgumentException when the text is not such a report, saying why
     */
    public static IasReport read(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("empty JSON where IasReport was expected");
        }
        try {
            Report value = MAPPER.readValue(json, Report.class);
            if (value == null) {
                throw new IllegalArgumentException("JSON null where IasReport was expected");
            }
            return new IasReport(value.b64Signature(), value.signingCert(), value.advisoryUrl(), value.advisoryIds(),
                    value.responseBody());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid IasReport: " + e.getOriginalMessage(), e);
        }
    }

    /** @return the report's JSON text with the reference's key names, empty fields left out */
    public static String write(IasReport r) {
        try {
            return MAPPER.writeValueAsString(new Report(r.b64Signature(), r.signingCert(), r.advisoryUrl(),
                    r.advisoryIds(), r.responseBody()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an IasReport", e);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Report(
            @JsonProperty("b64_signature") String b64Signature,
            @JsonProperty("str_signing_cert") String signingCert,
            @JsonProperty("str_advisory_url") String advisoryUrl,
            @JsonProperty("str_advisory_ids") String advisoryIds,
            @JsonProperty("json_response_body") @JsonAlias("str_response_body") String responseBody) {
    }
}
