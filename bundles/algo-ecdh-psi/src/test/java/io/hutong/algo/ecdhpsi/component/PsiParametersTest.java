/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hutong.algo.ecdhpsi.EcSuite;
import io.hutong.algo.ecdhpsi.PointFormat;

/** The parameters a DAG written for SecretFlow's ECDH-PSI container passes, read as that container reads them. */
class PsiParametersTest {

    @Test
    void theReferenceEnvExampleSelectsTheCurve25519Suite() {
        PsiParameters p = PsiParameters.of(Map.of("algo", "ecdh_psi", "protocol_families", "ecc", "curve_type",
                "curve25519", "hash_type", "sha_256", "hash2curve_strategy", "direct_hash_as_point_x",
                "point_octet_format", "uncompressed", "bit_length_after_truncated", "-1", "result_to_rank", "-1",
                "field_names", "id"));
        assertEquals(EcSuite.CURVE25519_SHA256_DIRECT, p.suite());
        assertEquals(PointFormat.X25519_U, p.format());
        assertEquals(-1, p.resultToRank());
        assertEquals(-1, p.bitLengthAfterTruncated());
        assertEquals(List.of("id"), p.fieldNames());
        assertEquals(Duration.ofSeconds(60), p.recvTimeout());
    }

    @Test
    void defaultsFollowTheCurveAndEnumNamesMayCarryTheirPrefix() {
        PsiParameters none = PsiParameters.of(Map.of());
        assertEquals(EcSuite.CURVE25519_SHA256_DIRECT, none.suite());
        assertEquals(List.of("id"), none.fieldNames());
        PsiParameters sm2 = PsiParameters.of(Map.of("curve_type", "SM2", "field_names", " id , name "));
        assertEquals(EcSuite.SM2_SHA256_REHASH, sm2.suite());
        assertEquals(PointFormat.X962_COMPRESSED, sm2.format());
        assertEquals(List.of("id", "name"), sm2.fieldNames());
        PsiParameters sm3 = PsiParameters.of(Map.of("curve_type", "CURVE_TYPE_SM2", "hash_type", "HASH_TYPE_SM3",
                "point_octet_format", "point_octet_format_x962_hybrid", "result_to_rank", "1"));
        assertEquals(EcSuite.SM2_SM3_INCREMENT, sm3.suite());
        assertEquals(PointFormat.X962_HYBRID, sm3.format());
        assertEquals(1, sm3.resultToRank());
    }

    @Test
    void everyBadValueIsNamedWithWhatIsAllowed() {
        assertMessage(Map.of("algo", "ss_lr"), "parameter algo = 'ss_lr' is not valid; expected ecdh_psi");
        assertMessage(Map.of("protocol_families", "ss"), "expected ecc");
        assertMessage(Map.of("hash_type", "md5"), "parameter hash_type = 'md5' is not valid; expected sm3, sha_224");
        assertMessage(Map.of("hash_type", "sha_512"), "no ECDH-PSI suite curve25519 / sha_512 / direct_hash_as_point_x");
        assertMessage(Map.of("point_octet_format", "x962_compressed"),
                "point_octet_format x962_compressed cannot encode points of curve25519");
        assertMessage(Map.of("result_to_rank", "2"), "expected -1 (both parties), 0 or 1");
        assertMessage(Map.of("result_to_rank", "all"), "expected an integer");
        assertMessage(Map.of("bit_length_after_truncated", "0"), "bit_length_after_truncated");
        assertMessage(Map.of("field_names", " , "), "field_names");
        assertMessage(Map.of("recv_timeout_ms", "0"), "must be positive");
    }

    private static void assertMessage(Map<String, String> parameters, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PsiParameters.of(parameters));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
