/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.fuzz;

import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Structure-aware edits of a JSON seed: a field (also inside JSON carried in a string, and the
 * bytes inside a Base64 string) replaced with a value of the wrong type, an empty, huge or
 * boundary value, removed, or added; and plain text edits that break the syntax.
 */
public record JsonMutation(int kind, int field, int value, double where) {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<JsonNode> ODD = List.of(JsonNodeFactory.instance.nullNode(), TextNode.valueOf(""),
            TextNode.valueOf("x".repeat(70_000)), TextNode.valueOf("zz-not-hex-\u0000\uFFFF\uD83D"), JsonNodeFactory.instance.numberNode(-1),
            JsonNodeFactory.instance.numberNode(Long.MAX_VALUE), JsonNodeFactory.instance.numberNode(1e308),
            JsonNodeFactory.instance.booleanNode(true), JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.arrayNode(),
            TextNode.valueOf("{\"a\":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]}"), TextNode.valueOf("AAAA"), TextNode.valueOf("C0FFEE01"));

    public static Arbitrary<String> of(String seed) {
        Arbitrary<JsonMutation> one = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000), Arbitraries.doubles().between(0, 1)).as(JsonMutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4).map(edits -> {
            String text = seed;
            for (JsonMutation m : edits) {
                text = m.apply(text);
            }
            return text;
        });
    }

    public String apply(String text) {
        if (kind == 5) {
            // a text edit: the syntax breaks or trailing content appears
            int at = (int) (where * text.length());
            return switch (value % 4) {
                case 0 -> text.substring(0, at);
                case 1 -> text.substring(0, at) + "\"}]{[,:" .charAt(value % 7) + text.substring(at);
                case 2 -> text + "garbage";
                default -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + value % 20));
            };
        }
        try {
            JsonNode root = JSON.readTree(text);
            return JSON.writeValueAsString(mutate(root, new int[] {field}));
        } catch (Exception notJsonAnyMore) {
            return text;
        }
    }

    /** Mutates the {@code n[0]}-th value met walking the tree (strings holding JSON are walked into). */
    private JsonNode mutate(JsonNode node, int[] n) throws Exception {
        if (node instanceof ObjectNode o) {
            for (var it = o.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (n[0]-- == 0) {
                    switch (kind) {
                        case 0 -> o.set(name, ODD.get(value % ODD.size()));
                        case 1 -> o.remove(name);
                        case 2 -> o.set("unknown_" + value, ODD.get(value % ODD.size()));
                        default -> o.set(name, edit(o.get(name)));
                    }
                    return o;
                }
                o.set(name, mutate(o.get(name), n));
                if (n[0] < 0) {
                    return o;
                }
            }
            return o;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size() && n[0] >= 0; i++) {
                a.set(i, mutate(a.get(i), n));
            }
            if (n[0]-- == 0) {
                a.add(ODD.get(value % ODD.size()));
            }
            return a;
        }
        if (node.isTextual() && node.asText().startsWith("{")) {
            JsonNode inner = JSON.readTree(node.asText());
            JsonNode changed = mutate(inner, n);
            return TextNode.valueOf(JSON.writeValueAsString(changed));
        }
        return node;
    }

    /** A value edited in place: Base64 content gets byte edits, other text a changed character, numbers a boundary. */
    private JsonNode edit(JsonNode v) {
        if (v.isTextual()) {
            String s = v.asText();
            if (s.length() > 64 && s.matches("[A-Za-z0-9+/=]+")) {
                byte[] bytes = Base64.getDecoder().decode(s);
                byte[] changed = new ByteMutation(value % 7, where, value % 256, 1 + value % 64).apply(bytes);
                return TextNode.valueOf(Base64.getEncoder().encodeToString(changed));
            }
            int at = (int) (where * s.length());
            return TextNode.valueOf(s.substring(0, at) + (char) (value % 128) + s.substring(Math.min(s.length(), at + 1)));
        }
        if (v.isNumber()) {
            return JsonNodeFactory.instance.numberNode(value % 2 == 0 ? Long.MIN_VALUE : (long) Integer.MAX_VALUE + 1);
        }
        return ODD.get(value % ODD.size());
    }
}
