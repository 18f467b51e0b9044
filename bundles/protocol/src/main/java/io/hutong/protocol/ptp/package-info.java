/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Java code generated from the PTP schemas of spec 40 (proto package {@code org.ppc.ptp}):
 * {@code PrivateTransferProtocol} messages (east-west) and {@code PrivateTransferTransport}
 * messages (containers). The gRPC stubs are generated inside the gRPC adapter, which embeds grpc-java.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.protocol.ptp;
