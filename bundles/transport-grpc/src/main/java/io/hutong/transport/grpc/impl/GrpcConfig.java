/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.grpc.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The gRPC listener (PID {@code io.hutong.transport.grpc}). */
@ObjectClassDefinition(name = "Hutong transport gRPC", description = "The gRPC listener of the PTP transport")
public @interface GrpcConfig {

    @AttributeDefinition(name = "Port", description = "0 = the east-west port + 1 (7305 by default)")
    int port() default 0;

    @AttributeDefinition(name = "Host", description = "Empty = the east-west plane's host")
    String host() default "";

    @AttributeDefinition(name = "TLS port", description = "Port of a second listener serving the same services over TLS"
            + " (TLS 1.2 and 1.3 only); 0 = no TLS listener")
    int tls_port() default 0;

    @AttributeDefinition(name = "Key store", description = "PKCS12 or JKS store with this node's private key and certificate,"
            + " relative to etc/ or absolute; required for the TLS listener")
    String tls_key__store() default "";

    @AttributeDefinition(name = "Key store password", type = AttributeType.PASSWORD, description = "Also the key's password")
    String tls_key__store__password() default "";

    @AttributeDefinition(name = "Key store type", description = "PKCS12 or JKS; empty = from the file name (.jks = JKS)")
    String tls_key__store__type() default "";

    @AttributeDefinition(name = "Trust store", description = "PKCS12 or JKS store of the client certificates (or their CAs)"
            + " accepted for mTLS, relative to etc/ or absolute")
    String tls_trust__store() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD)
    String tls_trust__store__password() default "";

    @AttributeDefinition(name = "Trust store type", description = "PKCS12 or JKS; empty = from the file name (.jks = JKS)")
    String tls_trust__store__type() default "";

    @AttributeDefinition(name = "Client certificates", description = "need = mTLS: refuse peers without a certificate"
            + " from the trust store", options = {@Option(value = "none", label = "none"), @Option(value = "need", label = "need")})
    String tls_client__auth() default "none";
}
