/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.hutong.api.tee.TeeVerification.Failure;

/**
 * An Intel-signed JSON endorsement ({@code {"tcbInfo":{…},"signature":"…"}} or
 * {@code {"enclaveIdentity":{…},"signature":"…"}}) split into the body exactly as its bytes appear and
 * the signature over them.
 *
 * <p>Intel signs the raw bytes of the body object. Re-serialising a parsed body (key order, spacing,
 * number forms) would change those bytes, so the body is cut out of the text by the parser's offsets.
 *
 * @param body      the body object's text, byte-exact
 * @param signature the ECDSA P-256 signature, r‖s
 */
public record SignedEndorsement(String body, byte[] signature) {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * @param what    the endorsement's name for messages ({@code tcb_info}, {@code qe_identity})
     * @param json    the signed JSON text
     * @param bodyKey the key of the body ({@code tcbInfo} or {@code enclaveIdentity})
     * @return the body and signature
     * @throws Rejection {@link Failure#MALFORMED} when the text has no such body or signature
     */
    public static SignedEndorsement parse(String what, String json, String bodyKey) throws Rejection {
        if (json == null || json.isBlank()) {
            throw new Rejection(Failure.MALFORMED, what + ": missing from the collateral");
        }
        String body = null;
        String signature = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Rejection(Failure.MALFORMED, what + ": not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(bodyKey) && value == JsonToken.START_OBJECT) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getCharOffset();
                    body = json.substring(start, end);
                } else if (name.equals("signature") && value == JsonToken.VALUE_STRING) {
                    signature = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new Rejection(Failure.MALFORMED, what + ": not valid JSON: " + e.getMessage());
        }
        if (body == null || signature == null) {
            throw new Rejection(Failure.MALFORMED, what + ": expected \"" + bodyKey + "\" and \"signature\"");
        }
        try {
            byte[] sig = HexFormat.of().parseHex(signature);
            if (sig.length != 64) {
                throw new Rejection(Failure.MALFORMED, what + ": signature has " + sig.length + " bytes, expected 64");
            }
            return new SignedEndorsement(body, sig);
        } catch (IllegalArgumentException e) {
            throw new Rejection(Failure.MALFORMED, what + ": signature is not hex");
        }
    }

    /** @return the signed bytes */
    public byte[] signedBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
