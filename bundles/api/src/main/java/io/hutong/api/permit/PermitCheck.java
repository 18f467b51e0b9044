/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.permit;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks a partner's {@code x-mprac-token-set} against the resource permits this node issued when it
 * approved a dataset, project, flow, job or model (decision M5).
 *
 * <p>A granted check counts as one use of the permit: once its {@code times_limit} is spent, or its
 * {@code time_limit} has passed, or its approval was terminated, later checks are refused.
 */
@ProviderType
public interface PermitCheck {

    /**
     * The response header in which the owner of a resource tells the holder of a permit how often it has been used,
     * so both sides show the same count (decision GOV3): {@code <token>=<times used>}, comma-separated when a call
     * used several. Not part of the standard; peers that do not know it ignore it.
     *
     * @since 1.1.0
     */
    String USES_HEADER = "x-hutong-permit-uses";

    /**
     * Checks whether {@code requestNodeId} may use a resource.
     *
     * @param tokenSet      the caller's {@code x-mprac-token-set} header (comma-separated
     *                      {@code <resource_type>:<resource_id>/<resource_level>/<token>}); null or empty = none
     * @param resourceType  {@code DATASET}, {@code PROJECT}, {@code FLOW}, {@code JOB} or {@code MODEL}
     * @param resourceId    the id of the resource (dataset id, project id, ...)
     * @param requestNodeId the node that asks (its {@code x-source-node-id})
     * @return the decision, with the reason when refused
     */
    PermitDecision check(String tokenSet, String resourceType, String resourceId, String requestNodeId);

    /**
     * The outcome of a check.
     *
     * @param granted   whether the resource may be used
     * @param token     the permit token that granted it, or null
     * @param reason    why it was refused (names the resource and the permit's state), or "granted"
     * @param timesUsed the uses of the permit counted so far, this one included (0 when none granted; since 1.1.0)
     */
    record PermitDecision(boolean granted, String token, String reason, int timesUsed) {

        /** A decision without a use count (as before 1.1.0). */
        public PermitDecision(boolean granted, String token, String reason) {
            this(granted, token, reason, 0);
        }

        /**
         * @return the value of {@link #USES_HEADER} a granted access answers with, null when nothing was granted
         * @since 1.1.0
         */
        public String usesHeaderValue() {
            return granted && token != null ? token + "=" + timesUsed : null;
        }
    }
}
