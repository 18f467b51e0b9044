/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The SGX report body of the quoting enclave ({@code sgx_report_body_t}, 384 bytes): the fields its
 * Intel-published identity is matched on.
 */
public final class EnclaveReport {

    /** Size of an SGX report body. */
    public static final int SIZE = 384;

    private final byte[] raw;

    private EnclaveReport(byte[] raw) {
        this.raw = raw;
    }

    /**
     * @param data   the buffer
     * @param offset where the 384-byte body starts
     * @return the report body (a copy of the bytes)
     */
    public static EnclaveReport parse(byte[] data, int offset) {
        return new EnclaveReport(Arrays.copyOfRange(data, offset, offset + SIZE));
    }

    /** @return MISCSELECT as stored, 4 bytes little-endian */
    public byte[] miscSelect() {
        return range(16, 4);
    }

    /** @return ATTRIBUTES (flags then XFRM), 16 bytes */
    public byte[] attributes() {
        return range(48, 16);
    }

    /** @return MRSIGNER */
    public byte[] mrSigner() {
        return range(128, 32);
    }

    /** @return ISVPRODID */
    public int isvProdId() {
        return u16(256);
    }

    /** @return ISVSVN */
    public int isvSvn() {
        return u16(258);
    }

    /** @return REPORT_DATA, 64 bytes */
    public byte[] reportData() {
        return range(320, 64);
    }

    private byte[] range(int from, int length) {
        return Arrays.copyOfRange(raw, from, from + length);
    }

    private int u16(int at) {
        return Short.toUnsignedInt(ByteBuffer.wrap(raw, at, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
    }
}
