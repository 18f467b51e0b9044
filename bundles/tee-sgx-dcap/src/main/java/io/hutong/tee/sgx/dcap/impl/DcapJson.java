/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.hutong.api.tee.sgx.DcapReport;
import io.hutong.api.tee.sgx.SgxQlQveCollateral;

/**
 * The JSON mapping of an {@code SGX_DCAP} {@code json_report} and its collateral (spec 60 §4.2), kept in
 * this bundle so the API types stay plain (decision API1).
 *
 * <p>Unknown keys are ignored, so reports of newer or differently-built peers still parse; a text must be
 * exactly one JSON value without a repeated key (two parsers picking different copies of a repeated key
 * would judge different reports). The reference's key names are written; the standard's prefixed
 * spellings of the collateral keys are read too (decision A-16).
 */
public final class DcapJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private DcapJson() {
    }

    /**
     * @param json a {@code json_report} text
     * @return the report
     * @throws IllegalArgumentException when the text is not such a report, saying why
     */
    public static DcapReport readReport(String json) {
        return read(json, Report.class, "DcapReport").value();
    }

    /**
     * @param json a {@code json_collateral} text
     * @return the collateral
     * @throws IllegalArgumentException when the text is not collateral, saying why
     */
    public static SgxQlQveCollateral readCollateral(String json) {
        return read(json, Collateral.class, "SgxQlQveCollateral").value();
    }

    /** @return the report's JSON text with the reference's key names, empty fields left out */
    public static String write(DcapReport report) {
        return write(new Report(report.b64Quote(), report.jsonCollateral()));
    }

    /** @return the collateral's JSON text with the reference's key names, empty fields left out */
    public static String write(SgxQlQveCollateral c) {
        return write(new Collateral(c.version(), c.pckCrlIssuerChain(), c.rootCaCrl(), c.pckCrl(),
                c.tcbInfoIssuerChain(), c.tcbInfo(), c.qeIdentityIssuerChain(), c.qeIdentity()));
    }

    private static <T> T read(String json, Class<T> type, String name) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("empty JSON where " + name + " was expected");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException("JSON null where " + name + " was expected");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + name + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Report(
            @JsonProperty("b64_quote") String b64Quote,
            @JsonProperty("json_collateral") String jsonCollateral) {

        DcapReport value() {
            return new DcapReport(b64Quote, jsonCollateral);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Collateral(
            @JsonProperty("version") @JsonAlias("int64_version") Long version,
            @JsonProperty("pck_crl_issuer_chain") @JsonAlias("pem_pck_crl_issuer_chain") String pckCrlIssuerChain,
            @JsonProperty("root_ca_crl") @JsonAlias("str_root_ca_crl") String rootCaCrl,
            @JsonProperty("pck_crl") @JsonAlias("str_pck_crl") String pckCrl,
            @JsonProperty("tcb_info_issuer_chain") @JsonAlias("pem_tcb_info_issuer_chain") String tcbInfoIssuerChain,
            @JsonProperty("tcb_info") @JsonAlias("str_tcb_info") String tcbInfo,
            @JsonProperty("qe_identity_issuer_chain") @JsonAlias("pem_qe_identity_issuer_chain") String qeIdentityIssuerChain,
            @JsonProperty("qe_identity") @JsonAlias("str_qe_identity") String qeIdentity) {

        SgxQlQveCollateral value() {
            return new SgxQlQveCollateral(version, pckCrlIssuerChain, rootCaCrl, pckCrl, tcbInfoIssuerChain, tcbInfo,
                    qeIdentityIssuerChain, qeIdentity);
        }
    }
}
