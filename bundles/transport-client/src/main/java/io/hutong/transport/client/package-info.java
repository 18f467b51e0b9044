/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * A plain Java client of the PTP container API (spec 40 §3, §4) for algorithm components that run
 * outside a Hutong node: open a session with its headers, then push, pop, peek and release per
 * topic, over HTTP ({@code /v1/interconn/chan/*}, JSON or protobuf bodies) or gRPC
 * ({@code org.ppc.ptp.PrivateTransferTransport}). Needs no OSGi framework.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.transport.client;
