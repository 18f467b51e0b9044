/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The real SGX DCAP evidence of {@code ../shared/testdata/tee/dcap-qvl} (Phala's dcap-qvl sample) as the
 * UnifiedAttestationReport a TEE would send, and the HTTP calls the attestation tests make besides GET.
 */
final class TeeEvidence {

    /** A time inside the window in which the dcap-qvl collateral is valid. */
    static final Instant INSIDE_WINDOW = Instant.parse("2025-07-01T00:00:00Z");
    /** A time after that window. */
    static final Instant AFTER_WINDOW = Instant.parse("2025-08-01T00:00:00Z");

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private TeeEvidence() {
    }

    /** @return the recorded quote */
    static byte[] quote() throws IOException {
        return Files.readAllBytes(dir().resolve("sgx_quote"));
    }

    /** @return MRENCLAVE of the quote, upper-case hex (report body at 48, MRENCLAVE at +64) */
    static String mrEnclave() throws IOException {
        return HexFormat.of().withUpperCase().formatHex(quote(), 48 + 64, 48 + 96);
    }

    /** @return MRSIGNER of the quote, upper-case hex (report body at 48, MRSIGNER at +128) */
    static String mrSigner() throws IOException {
        return HexFormat.of().withUpperCase().formatHex(quote(), 48 + 128, 48 + 160);
    }

    /** @return the quote and its collateral as a Passport UAR, JSON text */
    static String dcapPassport() throws IOException {
        return uar("SGX_DCAP", dcapReport().toString());
    }

    /** @return the {@code DcapReport} ({@code b64_quote}, {@code json_collateral}) of the recorded quote */
    static ObjectNode dcapReport() throws IOException {
        JsonNode c = JSON.readTree(dir().resolve("sgx_quote_collateral.json").toFile());
        ObjectNode collateral = JSON.createObjectNode();
        collateral.put("version", 3);
        collateral.put("pck_crl_issuer_chain", c.get("pck_crl_issuer_chain").asText());
        collateral.put("root_ca_crl", c.get("root_ca_crl").asText());
        collateral.put("pck_crl", c.get("pck_crl").asText());
        collateral.put("tcb_info_issuer_chain", c.get("tcb_info_issuer_chain").asText());
        // Intel's signed form, rebuilt around the body text exactly as recorded (signed over its raw bytes)
        collateral.put("tcb_info", "{\"tcbInfo\":" + c.get("tcb_info").asText() + ",\"signature\":\""
                + c.get("tcb_info_signature").asText() + "\"}");
        collateral.put("qe_identity_issuer_chain", c.get("qe_identity_issuer_chain").asText());
        collateral.put("qe_identity", "{\"enclaveIdentity\":" + c.get("qe_identity").asText() + ",\"signature\":\""
                + c.get("qe_identity_signature").asText() + "\"}");
        ObjectNode report = JSON.createObjectNode();
        report.put("b64_quote", Base64.getEncoder().encodeToString(quote()));
        report.put("json_collateral", collateral.toString());
        return report;
    }

    /** @return a UAR of type Passport around a platform report */
    static String uar(String platform, String jsonReport) {
        ObjectNode uar = JSON.createObjectNode();
        uar.put("str_report_version", "1.0");
        uar.put("str_report_type", "Passport");
        uar.put("str_tee_platform", platform);
        uar.put("json_report", jsonReport);
        return uar.toString();
    }

    private static Path dir() {
        String root = System.getProperty("hutong.testdata");
        if (root == null) {
            throw new IllegalStateException("system property hutong.testdata is not set (failsafe sets it)");
        }
        return Path.of(root, "tee", "dcap-qvl");
    }

    /** POST a JSON body; status -1 when the connection is refused. */
    static Http.Reply post(String url, Object body) {
        try {
            String json = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** DELETE. */
    static Http.Reply delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    }

    private static Http.Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CLIENT.send(Http.admin(b).timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Http.Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Http.Reply(-1, "interrupted");
        }
    }
}
