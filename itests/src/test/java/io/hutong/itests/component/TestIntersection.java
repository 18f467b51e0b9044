/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests.component;

import java.util.List;
import java.util.Map;

import io.hutong.api.component.ComponentDescription;

/** The description of a test algorithm component, as an algorithm bundle would publish it. */
public class TestIntersection implements ComponentDescription {

    @Override
    public String code() {
        return "test_intersection";
    }

    @Override
    public String version() {
        return "2.1.0";
    }

    @Override
    public String name() {
        return "Test intersection";
    }

    @Override
    public String engine() {
        return "HUTONG";
    }

    @Override
    public String category() {
        return "INTERSECTION";
    }

    @Override
    public List<Map<String, Object>> inputs() {
        return List.of(Map.of("name", "input_data", "type", "dataset"));
    }
}
