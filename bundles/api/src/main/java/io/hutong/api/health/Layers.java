/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.health;

/**
 * Names of the layers of the interconnection standard, as used in a {@link LayerCheck}'s name
 * ({@code <layer>/<name>}) and tag ({@code hutong.<layer>}).
 */
public final class Layers {
    /** Runtime foundation: database, HTTP planes. */
    public static final String CORE = "core";
    /** Management plane (spec 10). */
    public static final String MANAGEMENT = "management";
    /** Control / scheduling layer (spec 20). */
    public static final String CONTROL = "control";
    /** Algorithm component layer (spec 30). */
    public static final String COMPONENT = "component";
    /** Transport layer, PTP (spec 40). */
    public static final String TRANSPORT = "transport";
    /** TEE unified remote attestation (spec 60). */
    public static final String TEE = "tee";

    private Layers() {
    }
}
