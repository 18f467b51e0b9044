/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.util.Comparator;

/**
 * Orders component versions as people read them: {@code 1.10.0} after {@code 1.9.2}. Versions are
 * free text in the self-description, so numeric parts compare as numbers and the rest as text.
 */
final class ComponentVersions implements Comparator<String> {

    static final ComponentVersions ORDER = new ComponentVersions();

    private ComponentVersions() {
    }

    @Override
    public int compare(String a, String b) {
        String[] x = a.split("[.\\-_+]");
        String[] y = b.split("[.\\-_+]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            if (i >= x.length && !numeric(y[i])) {
                return 1; // 2.0.0 after 2.0.0-rc1: a text suffix marks a pre-release
            }
            if (i >= y.length && !numeric(x[i])) {
                return -1;
            }
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c;
            if (numeric(p) && numeric(q)) {
                c = Long.compare(Long.parseLong(p), Long.parseLong(q));
            } else {
                c = p.compareTo(q);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static boolean numeric(String part) {
        return part.matches("\\d{1,18}");
    }
}
