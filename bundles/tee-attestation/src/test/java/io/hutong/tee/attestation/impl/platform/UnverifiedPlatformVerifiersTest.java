/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeReport;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerification.Failure;
import io.hutong.api.tee.TeeVerifier;

class UnverifiedPlatformVerifiersTest {

    private static TeeReport report(String platform, byte[] quote) {
        return new TeeReport("1.0", "Passport", platform,
                "{\"b64_quote\":\"" + Base64.getEncoder().encodeToString(quote) + "\",\"int64_version\":1}", "");
    }

    @Test
    void platformsWithoutPublicVerificationNeverPass() {
        List<Object[]> cases = List.of(new Object[] {new HyperEnclaveVerifier(), TeePlatforms.HYPER_ENCLAVE},
                new Object[] {new KunpengVerifier(), TeePlatforms.KUNPENG}, new Object[] {new HygonCsvVerifier(), TeePlatforms.CSV});
        for (Object[] c : cases) {
            for (byte[] quote : List.of(new byte[0], new byte[4096])) {
                TeeVerification v = ((TeeVerifier) c[0]).verify(report((String) c[1], quote), Instant.now());
                assertFalse(v.verified());
                assertEquals(Failure.UNSUPPORTED, v.failure());
                assertTrue(v.message().startsWith("unsupported: "), v.message());
            }
        }
    }

    @Test
    void hyperEnclaveAttributesAreReadFromItsSgxFormatQuote() throws Exception {
        // a HyperEnclave quote is an sgx_quote_t: the DCAP sample shares the header and body layout
        byte[] quote = Files.readAllBytes(Path.of(System.getProperty("hutong.testdata"), "tee", "dcap-qvl", "sgx_quote"));
        TeeVerification v = new HyperEnclaveVerifier().verify(report(TeePlatforms.HYPER_ENCLAVE, quote), Instant.now());
        assertEquals(Failure.UNSUPPORTED, v.failure());
        assertEquals(TeePlatforms.HYPER_ENCLAVE, v.attributes().get(TeeAttributes.TEE_PLATFORM));
        assertTrue(v.attributes().get(TeeAttributes.TA_MEASUREMENT).startsWith("33D8736D"));
    }

    @Test
    void csvFieldsAreUnmaskedWithTheAnonce() {
        byte[] report = new byte[1024];
        ByteBuffer b = ByteBuffer.wrap(report).order(ByteOrder.LITTLE_ENDIAN);
        int anonce = 0x5A5A5A5A;
        b.putInt(188, anonce);
        for (int i = 0; i < 180; i += 4) {
            b.putInt(i, (i / 4) ^ anonce); // word n holds n, masked
        }
        var a = HygonCsvVerifier.parse(report);
        assertEquals("00000000" + "01000000", a.get(TeeAttributes.HASH_OR_PEM_PUBKEY).substring(0, 16));
        assertEquals("2C000000", a.get(TeeAttributes.SECURE_FLAGS)); // word 44 is the policy
        assertEquals(32, a.get(TeeAttributes.NONCE).length());
    }
}
