/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hutong.api.tee.sgx.SgxQlQveCollateral;

/**
 * The recorded public DCAP evidence in {@code ../shared/testdata/tee/}, loaded into the shapes the
 * verifier takes; nothing is copied into the project.
 */
final class DcapVectors {

    /** A quote with its collateral and the window in which the collateral is valid. */
    record Vector(byte[] quote, SgxQlQveCollateral collateral, Instant validFrom, Instant validUntil) {
        Instant inside() {
            return validFrom.plusSeconds((validUntil.getEpochSecond() - validFrom.getEpochSecond()) / 2);
        }
    }

    private DcapVectors() {
    }

    static Path dir(String name) {
        String root = System.getProperty("hutong.testdata");
        if (root == null) {
            throw new IllegalStateException("system property hutong.testdata is not set (surefire sets it)");
        }
        return Path.of(root, "tee", name);
    }

    /** Phala's dcap-qvl sample: collateral in dcap-qvl's layout, rebuilt into Intel's signed-JSON form. */
    static Vector dcapQvl() throws IOException {
        Path d = dir("dcap-qvl");
        JsonNode c = new ObjectMapper().readTree(Files.readString(d.resolve("sgx_quote_collateral.json")));
        // the body strings are kept as they are: rebuilding the wrapper must not re-serialise them
        String tcbInfo = "{\"tcbInfo\":" + c.get("tcb_info").asText() + ",\"signature\":\""
                + c.get("tcb_info_signature").asText() + "\"}";
        String qeIdentity = "{\"enclaveIdentity\":" + c.get("qe_identity").asText() + ",\"signature\":\""
                + c.get("qe_identity_signature").asText() + "\"}";
        SgxQlQveCollateral collateral = new SgxQlQveCollateral(3L, c.get("pck_crl_issuer_chain").asText(),
                c.get("root_ca_crl").asText(), c.get("pck_crl").asText(), c.get("tcb_info_issuer_chain").asText(),
                tcbInfo, c.get("qe_identity_issuer_chain").asText(), qeIdentity);
        return new Vector(Files.readAllBytes(d.resolve("sgx_quote")), collateral,
                Instant.parse("2025-06-19T10:56:11Z"), Instant.parse("2025-07-19T10:01:18Z"));
    }

    /** Automata's v3 quote via the Platform CA with Intel-format collateral from its test assets. */
    static Vector automata() throws IOException {
        Path d = dir("automata-0825");
        byte[] quote = HexFormat.of().parseHex(Files.readString(d.resolve("quotev3.hex")).trim());
        String tcbChain = pem(Files.readAllBytes(d.resolve("signing.der"))) + pem(Files.readAllBytes(d.resolve("root.der")));
        // three CRL encodings the collateral may carry: Base64 DER, PEM
        String rootCrl = Base64.getEncoder().encodeToString(Files.readAllBytes(d.resolve("intel_root_ca_crl.der")));
        String pckCrl = "-----BEGIN X509 CRL-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(Files.readAllBytes(d.resolve("platform_crl.der")))
                + "\n-----END X509 CRL-----\n";
        SgxQlQveCollateral collateral = new SgxQlQveCollateral(3L, null, rootCrl, pckCrl, tcbChain,
                Files.readString(d.resolve("sgx_tcbinfov3_00606a000000.json")).trim(), tcbChain,
                Files.readString(d.resolve("sgx_qeidentity_v4.json")).trim());
        return new Vector(quote, collateral, Instant.parse("2025-08-15T05:41:26Z"), Instant.parse("2025-09-14T04:36:46Z"));
    }

    static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    /** @return the offset of the certification data type field in a v3 quote */
    static int certDataOffset(byte[] quote) {
        int authLengthAt = 436 + 64 + 64 + 384 + 64;
        int authLength = ByteBuffer.wrap(quote, authLengthAt, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
        return authLengthAt + 2 + authLength;
    }

    /** @return the PEM certification data of a v3 quote */
    static String certData(byte[] quote) {
        int at = certDataOffset(quote) + 6;
        return new String(quote, at, quote.length - at, StandardCharsets.US_ASCII);
    }

    /** @return a v3 quote whose certification data is replaced by a type-5 PEM chain */
    static byte[] withPckChain(byte[] quote, String pemChain) {
        int at = certDataOffset(quote);
        byte[] chain = pemChain.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(at + 6 + chain.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(quote, 0, at).putShort((short) 5).putInt(chain.length).put(chain);
        out.putInt(432, out.capacity() - 436);
        return out.array();
    }
}
