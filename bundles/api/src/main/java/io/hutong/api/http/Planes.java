/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.http;

/**
 * The HTTP planes of a node and the whiteboard filters that put a resource on one of them.
 *
 * <p>A node listens on two ports: the east-west plane (default 7304) carries the standard's
 * cross-node endpoints ({@code /v1/interconn/...}) and the container-facing ones; the admin plane
 * (default 8080) carries the operator API ({@code /v1/admin/...}) and the web console. Each plane has
 * its own Jakarta REST whiteboard, whose runtime service carries {@link #PROPERTY}.
 */
public final class Planes {

    /** Service property on the plane's {@code HttpServiceRuntime} and {@code JakartarsServiceRuntime}. */
    public static final String PROPERTY = "hutong.plane";

    /** Name of the cross-node plane. */
    public static final String EAST_WEST = "east_west";

    /** Name of the operator plane. */
    public static final String ADMIN = "admin";

    /** Value of {@code osgi.jakartars.whiteboard.target} for resources served east-west. */
    public static final String EAST_WEST_TARGET = "(" + PROPERTY + "=" + EAST_WEST + ")";

    /** Value of {@code osgi.jakartars.whiteboard.target} for resources served on the admin plane. */
    public static final String ADMIN_TARGET = "(" + PROPERTY + "=" + ADMIN + ")";

    /** Name of the JSON extension every Hutong resource selects ({@code osgi.jakartars.extension.select}). */
    public static final String JSON_EXTENSION = "hutong.json";

    /** Filter selecting {@link #JSON_EXTENSION}. */
    public static final String JSON_EXTENSION_SELECT = "(osgi.jakartars.name=" + JSON_EXTENSION + ")";

    private Planes() {
    }
}
