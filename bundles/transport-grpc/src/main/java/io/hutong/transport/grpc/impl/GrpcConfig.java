/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.grpc.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The gRPC listener (PID {@code io.hutong.transport.grpc}). */
@ObjectClassDefinition(name = "Hutong transport gRPC", description = "The gRPC listener of the PTP transport")
public @interface GrpcConfig {

    @AttributeDefinition(name = "Port", description = "0 = the east-west port + 1 (7305 by default)")
    int port() default 0;

    @AttributeDefinition(name = "Host", description = "Empty = the east-west plane's host")
    String host() default "";
}
