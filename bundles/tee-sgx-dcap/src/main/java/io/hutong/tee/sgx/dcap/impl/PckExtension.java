/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.sgx.dcap.impl;

import java.security.cert.X509Certificate;
import java.util.HexFormat;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

import io.hutong.api.tee.TeeVerification.Failure;

/**
 * The Intel SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1): the platform's FMSPC,
 * PCE id and the TCB (16 CPU SVN components and the PCE SVN) the certificate was issued for.
 *
 * @param fmspc      family-model-stepping-platform-customSKU, 6 bytes as upper-case hex
 * @param pceId      PCE id, 2 bytes as upper-case hex
 * @param components the 16 SGX TCB component SVNs
 * @param pceSvn     the PCE SVN
 */
public record PckExtension(String fmspc, String pceId, int[] components, int pceSvn) {

    /** OID of the SGX extension. */
    public static final String SGX_EXTENSION = "1.2.840.113741.1.13.1";

    private static final String TCB = SGX_EXTENSION + ".2";
    private static final String PCE_ID = SGX_EXTENSION + ".3";
    private static final String FMSPC = SGX_EXTENSION + ".4";
    private static final String PCESVN = TCB + ".17";

    /**
     * @param pck the PCK leaf certificate
     * @return its SGX extension
     * @throws Rejection {@link Failure#CERTIFICATE_INVALID} when the extension is missing or incomplete
     */
    public static PckExtension of(X509Certificate pck) throws Rejection {
        byte[] wrapped = pck.getExtensionValue(SGX_EXTENSION);
        if (wrapped == null) {
            throw new Rejection(Failure.CERTIFICATE_INVALID, "PCK certificate has no SGX extension " + SGX_EXTENSION);
        }
        try {
            ASN1Sequence entries = ASN1Sequence.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(wrapped).getOctets()));
            String fmspc = null;
            String pceId = null;
            int[] components = null;
            int pceSvn = -1;
            for (ASN1Encodable e : entries) {
                ASN1Sequence entry = ASN1Sequence.getInstance(e);
                String oid = ASN1ObjectIdentifier.getInstance(entry.getObjectAt(0)).getId();
                ASN1Encodable value = entry.getObjectAt(1);
                switch (oid) {
                    case FMSPC -> fmspc = hex(value);
                    case PCE_ID -> pceId = hex(value);
                    case TCB -> {
                        components = new int[16];
                        for (ASN1Encodable c : ASN1Sequence.getInstance(value)) {
                            ASN1Sequence svn = ASN1Sequence.getInstance(c);
                            String id = ASN1ObjectIdentifier.getInstance(svn.getObjectAt(0)).getId();
                            if (id.equals(PCESVN)) {
                                pceSvn = ASN1Integer.getInstance(svn.getObjectAt(1)).intValueExact();
                            } else if (id.startsWith(TCB + ".")) {
                                int n = Integer.parseInt(id.substring(TCB.length() + 1));
                                if (n >= 1 && n <= 16) {
                                    components[n - 1] = ASN1Integer.getInstance(svn.getObjectAt(1)).intValueExact();
                                }
                            }
                        }
                    }
                    default -> {
                        // PPID, SGX type, platform instance and configuration do not enter the TCB decision
                    }
                }
            }
            if (fmspc == null || pceId == null || components == null || pceSvn < 0) {
                throw new Rejection(Failure.CERTIFICATE_INVALID,
                        "PCK certificate SGX extension lacks FMSPC, PCE-ID or TCB (fmspc=" + fmspc + ", pceId=" + pceId
                                + ", pcesvn=" + pceSvn + ")");
            }
            return new PckExtension(fmspc, pceId, components, pceSvn);
        } catch (IllegalArgumentException | java.io.IOException | ArithmeticException | IllegalStateException e) {
            throw new Rejection(Failure.CERTIFICATE_INVALID, "PCK certificate SGX extension unreadable: " + e.getMessage());
        }
    }

    private static String hex(ASN1Encodable value) {
        return HexFormat.of().withUpperCase().formatHex(ASN1OctetString.getInstance(value).getOctets());
    }
}
