/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.control.dag;

import java.util.regex.Pattern;

/** The job id format of decision M4: {@code job-} followed by 32 lower-case hex digits. */
public final class JobId {

    private static final Pattern FORMAT = Pattern.compile("job-[0-9a-f]{32}");

    private JobId() {
    }

    /** @return whether {@code id} is a job id in the format of decision M4 */
    public static boolean isValid(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }

    /**
     * @param field the field's name for the fault, e.g. {@code job_id}
     * @return {@code id} when it is a job id
     * @throws DagFault naming {@code field} otherwise
     */
    public static String require(String field, String id) {
        if (!isValid(id)) {
            throw new DagFault(field, "must be job- followed by 32 lower-case hex digits, got '" + clip(id) + "'");
        }
        return id;
    }

    static String clip(Object v) {
        String s = String.valueOf(v);
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
