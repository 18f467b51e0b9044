/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pagination of the list endpoints (spec 10, A-40): page_num from 1 (default 1), page_size default 20, -1 = all. */
record Page(int num, int size) {

    static Page of(String pageNum, String pageSize) {
        int num = parse("page_num", pageNum, 1);
        int size = parse("page_size", pageSize, 20);
        if (num < 1) {
            throw Refusal.badRequest("page_num must be 1 or more, got " + num);
        }
        if (size == 0 || size < -1) {
            throw Refusal.badRequest("page_size must be positive or -1 (all), got " + size);
        }
        return new Page(num, size);
    }

    private static int parse(String name, String v, int dflt) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw Refusal.badRequest(name + " must be an integer, got '" + v + "'");
        }
    }

    /** @return {@code {"records": [...], "total": n}} for this page of {@code all} */
    <T> Map<String, Object> of(List<T> all) {
        List<T> records;
        if (size == -1) {
            records = all;
        } else {
            long from = (long) (num - 1) * size;
            records = from >= all.size() ? List.of() : all.subList((int) from, (int) Math.min(all.size(), from + size));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", records);
        m.put("total", all.size());
        return m;
    }
}
