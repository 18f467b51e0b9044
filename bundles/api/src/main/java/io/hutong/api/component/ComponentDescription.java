/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.component;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An algorithm component this node offers to partners (spec 10 §5.2, entity Component of spec 00 §3).
 *
 * <p>A bundle that brings an algorithm registers one service of this type per component version; the
 * management layer lists every registered one and stops listing it when the service goes. A component
 * is identified by {@link #code()} + {@link #version()}.
 */
@ConsumerType
public interface ComponentDescription {

    /** @return the component code, unique together with the version (e.g. {@code ecdh_psi}) */
    String code();

    /** @return the version, e.g. {@code 1.0.0} */
    String version();

    /** @return the display name */
    String name();

    /** @return the engine tag (free text, A-27), e.g. {@code HUTONG} */
    String engine();

    /** @return the category, e.g. {@code INTERSECTION}; may be null */
    default String category() {
        return null;
    }

    /** @return the developer, e.g. the organisation; may be null */
    default String developer() {
        return null;
    }

    /** @return a description; may be null */
    default String description() {
        return null;
    }

    /** @return {@code ENABLED} or {@code DISABLED} */
    default String status() {
        return "ENABLED";
    }

    /** @return input definitions (self-description {@code inputParam}/{@code inputData} objects, A-27) */
    default List<Map<String, Object>> inputs() {
        return List.of();
    }

    /** @return output definitions (self-description {@code outputData} objects) */
    default List<Map<String, Object>> outputs() {
        return List.of();
    }

    /** @return extension information; may be empty */
    default Map<String, Object> extension() {
        return Map.of();
    }
}
