/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.governance;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The approvals a job needs on this node (spec 10 §7-§8 for spec 20 §3.1): the control layer creates a job for a
 * partner only when this node's operator approved that job, and binds a dataset only when its owner (this node)
 * approved its use by the job's initiator.
 */
@ProviderType
public interface JobApprovals {

    /**
     * A job this node approved as owner (job audit APPROVED, its permit neither revoked nor expired).
     *
     * @param jobId           the job id
     * @param requesterNodeId the node that applied (the job's initiator)
     * @param dag             the approved DAG as JSON text
     * @param conf            the approved configuration as JSON text
     */
    record ApprovedJob(String jobId, String requesterNodeId, String dag, String conf) {
    }

    /** @return the approval of job {@code jobId} by this node, empty when there is none in force */
    Optional<ApprovedJob> approvedJob(String jobId);

    /**
     * A dataset of this node's catalog.
     *
     * @param datasetId the dataset id
     * @param location  its file, relative to the node's data directory
     */
    record Dataset(String datasetId, String location) {
    }

    /** @return the dataset {@code datasetId} of this node's catalog, empty when there is none */
    Optional<Dataset> dataset(String datasetId);

    /**
     * @return why {@code nodeId} may not use dataset {@code datasetId} in a job (no approval, terminated,
     *         expired), or empty when it may: an approved dataset audit whose permit is in force
     */
    Optional<String> datasetRefusal(String datasetId, String nodeId);
}
