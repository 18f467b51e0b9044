/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.uas;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The UAS's register of access credentials (spec 60 §6.1 option 2: an {@code AccessKey} issued to a
 * registered developer or challenger), managed through the admin API.
 */
@ConsumerType
public interface AccessKeys {

    /**
     * @param accessKey    the presented key
     * @param accessSecret the presented secret, possibly empty
     * @return whether the pair is a current credential; must not reveal which part was wrong
     */
    boolean accepts(String accessKey, String accessSecret);
}
