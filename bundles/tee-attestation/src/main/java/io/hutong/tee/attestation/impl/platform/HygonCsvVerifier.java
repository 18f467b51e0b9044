/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl.platform;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.hutong.api.tee.TeeAttributes;
import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeReport;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerifier;

/**
 * The {@code CSV} (Hygon) verifier: unmasks and maps the report fields the standard lists (spec 60
 * §4.2), but cannot verify the SM2 signature chain (HRK → HSK → CEK → PEK → report) because the standard
 * neither publishes Hygon's root key nor defines the certificate structures; it always answers unsupported.
 *
 * <p>Field sizes follow Hygon's public {@code csv_attestation_report} header: a 32-byte
 * {@code user_pubkey_digest}, 16-byte {@code vm_id} and {@code vm_version}, 64-byte {@code user_data},
 * 16-byte {@code mnonce}, 32-byte {@code measure}, then 32-bit {@code policy}, {@code sig_usage},
 * {@code sig_algo} and {@code anonce}. The mapped fields are XOR-masked word by word with {@code anonce}.
 */
@Component(property = {UnverifiedPlatform.SIGNATURES_CHECKED + ":Boolean=false",
        TeeVerifier.PLATFORM + "=" + TeePlatforms.CSV})
public final class HygonCsvVerifier implements TeeVerifier {

    private static final int MASKED_LENGTH = 32 + 16 + 16 + 64 + 16 + 32 + 4;
    private static final int ANONCE = MASKED_LENGTH + 4 + 4;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Override
    public TeeVerification verify(TeeReport report, Instant at) {
        return TeeVerification.unsupported("the Hygon CSV signature chain (HRK, HSK, CEK, PEK) is not defined by the "
                + "standard, so the report's SM2 signature cannot be checked; attributes are parsed but unverified",
                parse(UnverifiedPlatform.quote(report.jsonReport())));
    }

    /** @return the mapped attributes of a {@code csv_attestation_report}, empty when it is too short */
    static Map<String, String> parse(byte[] quote) {
        if (quote.length < ANONCE + 4) {
            return Map.of();
        }
        ByteBuffer b = ByteBuffer.wrap(quote).order(ByteOrder.LITTLE_ENDIAN);
        int anonce = b.getInt(ANONCE);
        byte[] plain = Arrays.copyOf(quote, MASKED_LENGTH);
        ByteBuffer p = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 <= MASKED_LENGTH; i += 4) {
            p.putInt(i, p.getInt(i) ^ anonce);
        }
        Map<String, String> a = new LinkedHashMap<>();
        a.put(TeeAttributes.TEE_PLATFORM, TeePlatforms.CSV);
        a.put(TeeAttributes.HASH_OR_PEM_PUBKEY, HEX.formatHex(plain, 0, 32));
        a.put(TeeAttributes.PROD_ID, HEX.formatHex(plain, 32, 48));
        a.put(TeeAttributes.PLATFORM_SW_VERSION, HEX.formatHex(plain, 48, 64));
        a.put(TeeAttributes.USER_DATA, HEX.formatHex(plain, 64, 128));
        a.put(TeeAttributes.NONCE, HEX.formatHex(plain, 128, 144));
        a.put(TeeAttributes.BOOT_MEASUREMENT, HEX.formatHex(plain, 144, 176));
        a.put(TeeAttributes.SECURE_FLAGS, HEX.formatHex(plain, 176, 180));
        return a;
    }
}
