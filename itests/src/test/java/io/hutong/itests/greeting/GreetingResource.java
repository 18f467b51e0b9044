/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests.greeting;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** The REST resource of the hot-deployed test bundle. */
@Path("/v1/admin/itest/greeting")
public class GreetingResource {

    private final String greeting;

    public GreetingResource(String greeting) {
        this.greeting = greeting;
    }

    @GET
    @Produces("text/plain")
    public String greeting() {
        return greeting;
    }
}
