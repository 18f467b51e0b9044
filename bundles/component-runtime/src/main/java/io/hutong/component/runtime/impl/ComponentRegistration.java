/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.component.runtime.impl;

import java.time.Instant;
import java.util.Map;

import io.hutong.api.component.ComponentLauncher.LaunchSpec;

/**
 * One external component as registered with {@code component/register} (spec 20 N8): its
 * self-description, the image it was registered with and how Hutong starts it.
 *
 * @param componentName   {@code component_info.componentName}
 * @param version         {@code component_info.version}
 * @param provider        {@code component_info.provider}
 * @param imageUrl        {@code imageUrl}
 * @param selfDescription {@code component_info} as stored (JSON-shaped maps and lists)
 * @param launch          Hutong's launch spec
 * @param registered      when it was (last) registered
 */
record ComponentRegistration(String componentName, String version, String provider, String imageUrl,
        Map<String, Object> selfDescription, LaunchSpec launch, Instant registered) {
}
