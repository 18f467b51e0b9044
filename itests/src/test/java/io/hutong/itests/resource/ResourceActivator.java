/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests.resource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.PtpHeaders;
import io.hutong.api.transport.PtpResource;

/**
 * Activator of the bundle the roundtrip tests deploy on a node: resources answering roundtrips at
 * {@code /itest/reverse} (the request reversed), {@code /itest/whoami} (who answered, for whom, in
 * which session), {@code /itest/busy} (E0000000700) and {@code /itest/broken} (an unexpected failure).
 */
public class ResourceActivator implements BundleActivator {

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        String node = context.getProperty("hutong.node.id");
        register(context, "/itest/reverse", m -> {
            byte[] in = m.payload();
            byte[] out = new byte[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = in[in.length - 1 - i];
            }
            return out;
        });
        register(context, "/itest/whoami", m -> ("node=" + node + " source=" + m.metadata().get(PtpHeaders.SOURCE_NODE_ID)
                + " session=" + m.sessionId() + " token=" + m.metadata().get(PtpHeaders.TOKEN)
                + " trace=" + m.metadata().get(PtpHeaders.TRACE_ID)).getBytes(StandardCharsets.UTF_8));
        register(context, "/itest/busy", m -> {
            throw new PtpException(PtpCodes.BUFFER_FULL, "itest resource busy");
        });
        register(context, "/itest/broken", m -> {
            throw new IllegalStateException("broken on purpose");
        });
    }

    private void register(BundleContext context, String uri, PtpResource resource) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PtpResource.URI, uri);
        registrations.add(context.registerService(PtpResource.class, resource, props));
    }

    @Override
    public void stop(BundleContext context) {
        registrations.forEach(ServiceRegistration::unregister);
    }
}
