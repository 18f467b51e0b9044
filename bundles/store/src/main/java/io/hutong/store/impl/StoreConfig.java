/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.store.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the node database (PID {@code io.hutong.store}, file {@code etc/io.hutong.store.cfg}). */
@ObjectClassDefinition(name = "Hutong store", description = "The node's database. Leave the JDBC URL empty for the embedded H2 file database under data/.")
public @interface StoreConfig {

    @AttributeDefinition(name = "JDBC URL", description = "jdbc:postgresql://host:5432/db for PostgreSQL, or a jdbc:h2: URL; empty = H2 file under the data directory", required = false)
    String jdbc_url() default "";

    @AttributeDefinition(name = "User", required = false)
    String jdbc_user() default "";

    @AttributeDefinition(name = "Password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD, required = false)
    String jdbc_password() default "";

    @AttributeDefinition(name = "Pool size", description = "Maximum open connections")
    int pool_max() default 16;
}
