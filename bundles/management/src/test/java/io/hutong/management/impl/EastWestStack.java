/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.management.impl;

import java.net.URI;

import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import com.sun.net.httpserver.HttpServer;

import io.hutong.http.impl.EastWestAuthentication;
import io.hutong.http.impl.ContentTypeCheck;
import io.hutong.http.impl.EnvelopeErrors;
import io.hutong.http.impl.JsonBodies;
import jakarta.ws.rs.Path;

/**
 * The east-west plane of a {@link TestNode} as a node serves it, in process: Jersey on loopback with the
 * http bundle's authentication filter, validating JSON reader and envelope errors in front of the real
 * management resources, which hand over to the test node's {@link Governance}.
 */
final class EastWestStack implements AutoCloseable {

    final String address;
    private final HttpServer server;

    EastWestStack(TestNode node) {
        EastWestAuthentication auth = new EastWestAuthentication();
        auth.setAuthenticator((call, signed) -> ManagementPlane.authenticate(node.gov, call, signed));
        ResourceConfig config = new ResourceConfig().register(new ContentTypeCheck()).register(auth).register(new JsonBodies()).register(new EnvelopeErrors())
                .register(new Node(node.gov)).register(new Dataset(node.gov)).register(new Job(node.gov))
                .register(new Model(node.gov)).register(new Flow(node.gov)).register(new Project(node.gov));
        server = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config);
        address = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // The resources as registered by DS, with the test node's Governance in place of the ManagementPlane reference.

    @Path("/v1/interconn/node")
    static final class Node extends NodeInterconnResource {
        private final Governance g;

        Node(Governance g) {
            this.g = g;
        }

        @Override
        Governance gov() {
            return g;
        }
    }

    @Path("/v1/interconn/dataset")
    static final class Dataset extends DatasetInterconnResource {
        private final Governance g;

        Dataset(Governance g) {
            this.g = g;
        }

        @Override
        Governance gov() {
            return g;
        }
    }

    @Path("/v1/interconn/job")
    static final class Job extends JobInterconnResource {
        private final Governance g;

        Job(Governance g) {
            this.g = g;
        }

        @Override
        Governance gov() {
            return g;
        }
    }

    @Path("/v1/interconn/model")
    static final class Model extends ModelInterconnResource {
        private final Governance g;

        Model(Governance g) {
            this.g = g;
        }

        @Override
        Governance gov() {
            return g;
        }
    }

    @Path("/v1/interconn/flow")
    static final class Flow extends FlowInterconnResource {
        private final Governance g;

        Flow(Governance g) {
            this.g = g;
        }

        @Override
        Governance gov() {
            return g;
        }
    }

    @Path("/v1/interconn/project")
    static final class Project extends ProjectInterconnResource {
        private final Governance g;

        Project(Governance g) {
            this.g = g;
        }

        @Override
        Governance gov() {
            return g;
        }
    }
}
