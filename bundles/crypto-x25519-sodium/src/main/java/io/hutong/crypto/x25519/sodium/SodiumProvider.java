/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.crypto.x25519.sodium;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.hutong.api.crypto.X25519;

/**
 * Offers {@link SodiumX25519} as the {@link X25519} service, ranked above the pure-Java providers, where this JVM
 * can call libsodium; elsewhere (JDK 17–21, no libsodium) it offers nothing and says why once in the log, so the
 * pure-Java provider stays the one in use. A DS component registering the service by hand rather than a
 * {@code @Component} provider, because whether there is a service at all is only known at run time.
 */
@Component(immediate = true, service = {})
public class SodiumProvider {

    /** Above hutong-fast (20) and BouncyCastle (10): the fastest available provider wins. */
    static final int RANKING = 30;

    private static final Logger LOG = Logger.getLogger(SodiumProvider.class.getName());

    private ServiceRegistration<X25519> registration;

    @Activate
    void activate(BundleContext context) {
        if (Libsodium.unavailable().isPresent()) {
            LOG.info("X25519 provider " + SodiumX25519.NAME + " not offered: " + Libsodium.unavailable().get());
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(X25519.PROVIDER, SodiumX25519.NAME);
        props.put(Constants.SERVICE_RANKING, RANKING);
        props.put("hutong.crypto.library", Libsodium.library());
        registration = context.registerService(X25519.class, new SodiumX25519(), props);
        LOG.info("X25519 provider " + SodiumX25519.NAME + " offered (" + Libsodium.library() + ", ranking " + RANKING + ")");
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
