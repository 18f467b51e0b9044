/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void configurationValuesKeepTheirJsonTypesAndOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port", 7304);
        m.put("ratio", 0.5);
        m.put("on", true);
        m.put("names", new String[] {"a", "b\"c"});
        m.put("limits", new long[] {1L, 2L});
        m.put("list", List.of(1, "x"));
        m.put("none", null);
        m.put("nested", Map.of("k", "v"));
        assertEquals("{\"port\":7304,\"ratio\":0.5,\"on\":true,\"names\":[\"a\",\"b\\\"c\"],\"limits\":[1,2],\"list\":[1,\"x\"],"
                + "\"none\":null,\"nested\":{\"k\":\"v\"}}", JsonText.write(m, false));
    }

    @Test
    void prettyTextStartsWithTheObjectAndIndents() {
        String pretty = JsonText.write(Map.of("node_id", "alice"), true);
        assertTrue(pretty.startsWith("{\n"), pretty);
        assertTrue(pretty.contains("\"node_id\": \"alice\""), pretty);
    }

    @Test
    void aValueWithoutAJsonFormIsRefusedNamingItsType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonText.write(Map.of("x", new Object()), false));
        assertEquals("no JSON form for a java.lang.Object", e.getMessage());
    }
}
