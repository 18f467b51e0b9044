/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Item bytes are the reference's canonical form (51 §3), whichever way each party's CSV is laid out. */
class ItemKeysTest {

    @Test
    void joinsTheKeyFieldsInTheConfiguredOrderStrippedOfAsciiWhitespace() {
        ItemKeys keys = ItemKeys.of("id, name ,phone,age", List.of("phone", "id"));
        assertEquals("13800000000,42", text(keys.itemBytes(" 42 ,x, 13800000000\t,7")));
        assertEquals(List.of("phone", "id"), keys.keys());
    }

    @Test
    void twoPartiesWithDifferentLayoutsGetTheSameBytesForTheSameKeys() {
        ItemKeys guest = ItemKeys.of("id,phone,score", List.of("id", "phone"));
        ItemKeys host = ItemKeys.of("city,phone,id", List.of("id", "phone"));
        assertEquals(text(guest.itemBytes("42,13800000000,0.5")), text(host.itemBytes("Beijing, 13800000000 ,42")));
    }

    @Test
    void keepsNonAsciiValuesAndNonAsciiSpacesAsUtf8() {
        ItemKeys keys = ItemKeys.of("姓名,id", List.of("姓名"));
        assertEquals("张三", text(keys.itemBytes("张三 ,1")));
        // an ideographic space is part of the value, not whitespace to strip
        assertEquals("\u3000张三", text(keys.itemBytes("\u3000张三,1")));
        assertTrue(java.util.Arrays.equals("张三".getBytes(StandardCharsets.UTF_8), keys.itemBytes("张三,1")));
    }

    @Test
    void takesEmptyFieldsAndDoesNotQuote() {
        ItemKeys keys = ItemKeys.of("a,b,c", List.of("c", "a"));
        assertEquals(",", text(keys.itemBytes(",x,")));
        // no CSV quoting in the reference: quotes are part of the value, the comma inside splits
        assertEquals("y\",\"x", text(ItemKeys.of("a,b", List.of("b", "a")).itemBytes("\"x,y\"")));
    }

    @Test
    void namesTheProblemWithTheKeysOrTheRow() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ItemKeys.of("id,phone", List.of("email")));
        assertTrue(missing.getMessage().contains("'email'") && missing.getMessage().contains("phone"),
                missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ItemKeys.of("id,phone", List.of()));
        assertThrows(IllegalArgumentException.class, () -> ItemKeys.of("id,phone", List.of("id", " id")));
        IllegalArgumentException shortRow = assertThrows(IllegalArgumentException.class,
                () -> ItemKeys.of("id,phone", List.of("phone")).itemBytes("42"));
        assertTrue(shortRow.getMessage().contains("'phone'"), shortRow.getMessage());
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
