/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/** The SecretFlow/Kuscia container dialect's reply message (spec 52 §1, decision T10). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.protocol.ptp.secretflow;
