/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Dead letters: what a layer could not deliver to a peer node (a final refusal, or retries past the
 * retry budget), kept per peer so an operator sees it and can replay or discard it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.hutong.api.delivery;
