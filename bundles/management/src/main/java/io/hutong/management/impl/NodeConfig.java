/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The local node's identity settings (PID {@code io.hutong.node}, file {@code etc/io.hutong.node.cfg}). */
@ObjectClassDefinition(name = "Hutong node", description = "Identity of this node in the interconnection network")
public @interface NodeConfig {

    @AttributeDefinition(name = "Node id", description = "Fixed on first start; empty = generate one. A data directory keeps the id it was created with.", required = false)
    String node_id() default "";
}
