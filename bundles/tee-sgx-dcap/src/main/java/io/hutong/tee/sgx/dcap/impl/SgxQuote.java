/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import io.hutong.api.tee.TeeVerification.Failure;

/**
 * An Intel SGX ECDSA quote, version 3 ({@code sgx_quote3_t}) or version 4 with an SGX enclave body,
 * split into the parts the verification needs; parsing checks only the layout, not the contents.
 *
 * <p>Layout (Intel SGX ECDSA Quote Library API): 48-byte header, 384-byte report body, then a
 * length-prefixed signature section: quote signature, attestation key, and the quoting enclave's
 * report, its signature, its authentication data and the PCK certification data — directly in v3,
 * inside a "QE report certification data" block (type 6) in v4.
 */
public final class SgxQuote {

    /** Length of header plus report body: the bytes the attestation key signs. */
    public static final int SIGNED_LENGTH = 48 + EnclaveReport.SIZE;

    /** ECDSA with P-256 ({@code sgx_attestation_algorithm_id_t} 2), the only key type DCAP quotes use for SGX. */
    public static final int ATT_KEY_ECDSA_P256 = 2;

    /** Certification data type: PCK leaf, intermediate and root certificates as PEM. */
    public static final int CERT_PCK_CHAIN = 5;

    private static final int CERT_QE_REPORT = 6;
    private static final int TEE_TYPE_SGX = 0;
    private static final int TEE_TYPE_TDX = 0x81;

    private final byte[] quote;
    private int version;
    private int attestationKeyType;
    private byte[] qeVendorId;
    private byte[] signature;
    private byte[] attestationKey;
    private byte[] qeReport;
    private byte[] qeReportSignature;
    private byte[] qeAuthData;
    private int certDataType;
    private byte[] certData;

    private SgxQuote(byte[] quote) {
        this.quote = quote;
    }

    /**
     * @param quote the quote bytes
     * @return the parsed quote
     * @throws Rejection {@link Failure#MALFORMED} when the layout is broken, {@link Failure#UNSUPPORTED}
     *                   for a version, key type or TEE this verifier does not handle
     */
    public static SgxQuote parse(byte[] quote) throws Rejection {
        SgxQuote q = new SgxQuote(quote.clone());
        q.read();
        return q;
    }

    private void read() throws Rejection {
        Reader r = new Reader(quote);
        version = r.u16();
        attestationKeyType = r.u16();
        int teeType = (int) r.u32();
        if (version != 3 && version != 4) {
            throw new Rejection(Failure.UNSUPPORTED, "quote version " + version + " (only 3 and 4 are SGX DCAP quotes)");
        }
        if (attestationKeyType != ATT_KEY_ECDSA_P256) {
            throw new Rejection(Failure.UNSUPPORTED, "attestation key type " + attestationKeyType
                    + " (only 2, ECDSA-256-with-P-256, is defined for SGX)");
        }
        // v3 keeps these four bytes reserved; v4 says whether an SGX enclave or a TDX TD is quoted
        if (version == 4 && teeType == TEE_TYPE_TDX) {
            throw new Rejection(Failure.UNSUPPORTED, "TDX quote (tee_type 0x81); this verifier handles SGX enclaves");
        }
        if (version == 4 && teeType != TEE_TYPE_SGX) {
            throw new Rejection(Failure.UNSUPPORTED, "tee_type " + teeType + " in a v4 quote");
        }
        r.skip(4); // QE SVN and PCE SVN, informational: the PCK certificate carries the ones that count
        qeVendorId = r.bytes(16);
        r.skip(20 + EnclaveReport.SIZE); // user data, report body
        long signatureLength = r.u32();
        if (signatureLength != quote.length - SIGNED_LENGTH - 4) {
            throw new Rejection(Failure.MALFORMED, "signature data length " + signatureLength + " but "
                    + (quote.length - SIGNED_LENGTH - 4) + " bytes follow the report body");
        }
        signature = r.bytes(64);
        attestationKey = r.bytes(64);
        if (version == 4) {
            int type = r.u16();
            long size = r.u32();
            if (type != CERT_QE_REPORT) {
                throw new Rejection(Failure.UNSUPPORTED, "v4 certification data type " + type
                        + " (expected 6, QE report certification data)");
            }
            if (size != r.remaining()) {
                throw new Rejection(Failure.MALFORMED, "QE report certification data size " + size + " but "
                        + r.remaining() + " bytes follow");
            }
        }
        qeReport = r.bytes(EnclaveReport.SIZE);
        qeReportSignature = r.bytes(64);
        qeAuthData = r.bytes(r.u16());
        certDataType = r.u16();
        long certSize = r.u32();
        if (certSize != r.remaining()) {
            throw new Rejection(Failure.MALFORMED, "certification data size " + certSize + " but "
                    + r.remaining() + " bytes follow");
        }
        certData = r.bytes((int) certSize);
    }

    /** @return the quote version, 3 or 4 */
    public int version() {
        return version;
    }

    /** @return the QE vendor id from the header */
    public byte[] qeVendorId() {
        return qeVendorId.clone();
    }

    /** @return bytes [0, 432): header and report body, the range the quote signature covers */
    public byte[] signedRange() {
        return Arrays.copyOfRange(quote, 0, SIGNED_LENGTH);
    }

    /** @return the quote signature, r‖s */
    public byte[] signature() {
        return signature.clone();
    }

    /** @return the attestation public key, x‖y on P-256 */
    public byte[] attestationKey() {
        return attestationKey.clone();
    }

    /** @return the quoting enclave's raw report body, signed by the PCK key */
    public byte[] qeReportBytes() {
        return qeReport.clone();
    }

    /** @return the quoting enclave's report body */
    public EnclaveReport qeReport() {
        return EnclaveReport.parse(qeReport, 0);
    }

    /** @return the PCK signature over the QE report, r‖s */
    public byte[] qeReportSignature() {
        return qeReportSignature.clone();
    }

    /** @return the QE authentication data, hashed with the attestation key into the QE report data */
    public byte[] qeAuthData() {
        return qeAuthData.clone();
    }

    /** @return the certification data type (5: PCK certificate chain) */
    public int certDataType() {
        return certDataType;
    }

    /** @return the certification data */
    public byte[] certData() {
        return certData.clone();
    }

    /** Little-endian cursor that reports a truncated quote as malformed. */
    private static final class Reader {
        private final ByteBuffer buf;

        Reader(byte[] data) {
            buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }

        int u16() throws Rejection {
            need(2);
            return Short.toUnsignedInt(buf.getShort());
        }

        long u32() throws Rejection {
            need(4);
            return Integer.toUnsignedLong(buf.getInt());
        }

        byte[] bytes(int n) throws Rejection {
            need(n);
            byte[] out = new byte[n];
            buf.get(out);
            return out;
        }

        void skip(int n) throws Rejection {
            need(n);
            buf.position(buf.position() + n);
        }

        int remaining() {
            return buf.remaining();
        }

        private void need(int n) throws Rejection {
            if (n < 0 || buf.remaining() < n) {
                throw new Rejection(Failure.MALFORMED, "quote truncated at byte " + buf.position() + " (needs " + n
                        + " more, has " + buf.remaining() + ")");
            }
        }
    }
}
