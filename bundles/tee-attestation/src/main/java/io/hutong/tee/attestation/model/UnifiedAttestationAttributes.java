/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;

import io.hutong.api.tee.TeeAttributes;

/**
 * UnifiedAttestationAttributes (spec 60 §5.1): the platform-neutral facts about an attested TEE, as
 * string values under the standard's keys ({@link TeeAttributes}).
 *
 * <p>Kept as a map rather than one field per key so that attributes a newer peer adds pass through
 * unchanged; the misspelled keys of the standard's support table are read as the correct ones.
 */
public final class UnifiedAttestationAttributes {

    // the support table spells these without the second "e"; read both, write the correct one.
    private static final Map<String, String> MISSPELLINGS = Map.of(
            "hex_platform_measurment", TeeAttributes.PLATFORM_MEASUREMENT,
            "hex_boot_measurment", TeeAttributes.BOOT_MEASUREMENT);

    private final Map<String, String> values = new LinkedHashMap<>();

    /** Creates empty attributes (JSON {@code {}}). */
    @JsonCreator
    public UnifiedAttestationAttributes() {
    }

    /**
     * @param values attribute values keyed by the standard's names; empty values are dropped
     */
    public UnifiedAttestationAttributes(Map<String, String> values) {
        values.forEach(this::put);
    }

    /**
     * Sets one attribute; an empty or {@code null} value removes it, as the standard treats an empty
     * value as absent.
     *
     * @param key   a standard key (or one of its misspellings)
     * @param value the value; JSON booleans and numbers are kept in their text form
     */
    @JsonAnySetter
    public void put(String key, Object value) {
        String name = MISSPELLINGS.getOrDefault(key, key);
        String text = value == null ? "" : value.toString();
        if (text.isEmpty()) {
            values.remove(name);
        } else {
            values.put(name, text);
        }
    }

    /** @return the value of an attribute, the empty string when absent */
    public String get(String key) {
        return values.getOrDefault(key, "");
    }

    /** @return all present attributes, in insertion order (read-only) */
    @JsonAnyGetter
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnifiedAttestationAttributes other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
