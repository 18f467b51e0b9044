/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The SGX family's evidence as plain values (spec 60 §4.2): the {@code json_report} of an
 * {@code SGX_DCAP} report ({@link io.hutong.api.tee.sgx.DcapReport} with its
 * {@link io.hutong.api.tee.sgx.SgxQlQveCollateral}) and of an {@code SGX_EPID} passport
 * ({@link io.hutong.api.tee.sgx.IasReport}), and the unified attributes every SGX-family quote yields
 * ({@link io.hutong.api.tee.sgx.SgxReportBody}). A verifier reads its JSON into these types with a mapping
 * of its own; the standard's key names are given on each component.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.api.tee.sgx;
