/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.tee.sgx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import io.hutong.api.tee.TeeAttributes;

/**
 * The unified attributes of an SGX enclave report body ({@code sgx_report_body_t}, 384 bytes), derived
 * as the reference implementation derives them (spec 60 §5.1, §7).
 */
public final class SgxReportBody {

    /** Size of an SGX report body. */
    public static final int SIZE = 384;

    /** Offset of the report body in every SGX-family quote ({@code sgx_quote_t}, {@code sgx_quote3_t}). */
    public static final int OFFSET_IN_QUOTE = 48;

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final int ATTRIBUTES = 48;
    private static final int MRENCLAVE = 64;
    private static final int MRSIGNER = 128;
    private static final int ISVPRODID = 256;
    private static final int ISVSVN = 258;
    private static final int REPORT_DATA = 320;
    private static final int DEBUG_FLAG = 0x02;

    private SgxReportBody() {
    }

    /**
     * @param data     the buffer holding the report body
     * @param offset   where the body starts
     * @param platform the {@code str_tee_platform} to record
     * @return the attributes: platform, MRENCLAVE, MRSIGNER, ISVPRODID and ISVSVN in decimal, debug flag,
     *         and the report data's lower half as user data, upper half as the bound public-key hash
     * @throws IllegalArgumentException when the buffer is too short
     */
    public static Map<String, String> attributes(byte[] data, int offset, String platform) {
        if (offset < 0 || data.length < offset + SIZE) {
            throw new IllegalArgumentException("an SGX report body needs " + SIZE + " bytes from offset " + offset
                    + ", the buffer has " + data.length);
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, String> a = new LinkedHashMap<>();
        a.put(TeeAttributes.TEE_PLATFORM, platform);
        a.put(TeeAttributes.TA_MEASUREMENT, HEX.formatHex(data, offset + MRENCLAVE, offset + MRENCLAVE + 32));
        a.put(TeeAttributes.SIGNER, HEX.formatHex(data, offset + MRSIGNER, offset + MRSIGNER + 32));
        // decimal despite the hex_ prefix: the reference writes std::to_string(isv_prod_id) and policies follow it
        a.put(TeeAttributes.PROD_ID, Integer.toString(Short.toUnsignedInt(b.getShort(offset + ISVPRODID))));
        a.put(TeeAttributes.MIN_ISVSVN, Integer.toString(Short.toUnsignedInt(b.getShort(offset + ISVSVN))));
        a.put(TeeAttributes.DEBUG_DISABLED, Boolean.toString((data[offset + ATTRIBUTES] & DEBUG_FLAG) == 0));
        a.put(TeeAttributes.USER_DATA, HEX.formatHex(data, offset + REPORT_DATA, offset + REPORT_DATA + 32));
        a.put(TeeAttributes.HASH_OR_PEM_PUBKEY, HEX.formatHex(data, offset + REPORT_DATA + 32, offset + REPORT_DATA + 64));
        return a;
    }
}
