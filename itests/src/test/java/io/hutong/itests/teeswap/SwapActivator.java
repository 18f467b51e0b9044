/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.itests.teeswap;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeVerifier;

/**
 * Activator of the replacement verifier bundle: registers {@link ReplacementDcapVerifier} for
 * {@code SGX_DCAP} with a ranking above the shipped verifier's, as an admin's newer verifier would.
 */
public class SwapActivator implements BundleActivator {

    private ServiceRegistration<TeeVerifier> registration;

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(TeeVerifier.PLATFORM, TeePlatforms.SGX_DCAP);
        props.put(Constants.SERVICE_RANKING, 100);
        registration = context.registerService(TeeVerifier.class, new ReplacementDcapVerifier(), props);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
