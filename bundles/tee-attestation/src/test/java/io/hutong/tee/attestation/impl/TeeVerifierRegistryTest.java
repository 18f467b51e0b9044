/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.hutong.api.tee.TeePlatforms;
import io.hutong.api.tee.TeeReport;
import io.hutong.api.tee.TeeVerification;
import io.hutong.api.tee.TeeVerifier;

class TeeVerifierRegistryTest {

    private final TeeVerifierRegistry registry = new TeeVerifierRegistry();

    /** A service reference as the framework would hand DS one: ordered by ranking, then by age. */
    private static final class Ref implements ServiceReference<TeeVerifier> {
        private final Hashtable<String, Object> props = new Hashtable<>();

        Ref(long id, int ranking, String platform, Object signaturesChecked) {
            props.put(Constants.SERVICE_ID, id);
            props.put(Constants.SERVICE_RANKING, ranking);
            props.put(TeeVerifier.PLATFORM, platform);
            if (signaturesChecked != null) {
                props.put(TeeVerifierRegistry.SIGNATURES_CHECKED, signaturesChecked);
            }
        }

        @Override
        public Object getProperty(String key) {
            return props.get(key);
        }

        @Override
        public String[] getPropertyKeys() {
            return props.keySet().toArray(String[]::new);
        }

        @Override
        public Bundle getBundle() {
            return null;
        }

        @Override
        public Bundle[] getUsingBundles() {
            return new Bundle[0];
        }

        @Override
        public boolean isAssignableTo(Bundle bundle, String className) {
            return true;
        }

        @Override
        public int compareTo(Object other) {
            Ref o = (Ref) other;
            int byRanking = Integer.compare((Integer) props.get(Constants.SERVICE_RANKING),
                    (Integer) o.props.get(Constants.SERVICE_RANKING));
            return byRanking != 0 ? byRanking
                    : Long.compare((Long) o.props.get(Constants.SERVICE_ID), (Long) props.get(Constants.SERVICE_ID));
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return new Hashtable<>(props);
        }

        @Override
        public <A> A adapt(Class<A> type) {
            return null;
        }
    }

    private static TeeVerifier answering(String status) {
        return (report, at) -> TeeVerification.verified(status, List.of(), Map.of());
    }

    private static final TeeReport DCAP = new TeeReport("1.0", "Passport", TeePlatforms.SGX_DCAP, "{}", "");

    private String verdictFor(String platform) {
        return registry.apply(platform).map(v -> v.verify(DCAP, Instant.EPOCH).platformStatus()).orElse("(none)");
    }

    @Test
    void theHighestRankedVerifierAnswersAndTheShippedOneReturnsWhenTheReplacementLeaves() {
        Ref shipped = new Ref(10, 0, TeePlatforms.SGX_DCAP, null);
        Ref replacement = new Ref(20, 100, TeePlatforms.SGX_DCAP, null);
        registry.addVerifier(shipped, answering("shipped"));
        assertEquals("shipped", verdictFor(TeePlatforms.SGX_DCAP));
        registry.addVerifier(replacement, answering("replacement"));
        assertEquals("replacement", verdictFor(TeePlatforms.SGX_DCAP));
        assertEquals("(none)", verdictFor(TeePlatforms.SGX_EPID), "other platforms are not affected");
        registry.removeVerifier(replacement);
        assertEquals("shipped", verdictFor(TeePlatforms.SGX_DCAP));
        registry.removeVerifier(shipped);
        assertTrue(registry.apply(TeePlatforms.SGX_DCAP).isEmpty(), "no verifier: the caller answers unsupported");
    }

    @Test
    void atEqualRankingTheOlderServiceAnswersAsOsgiWouldPick() {
        registry.addVerifier(new Ref(30, 0, TeePlatforms.SGX_DCAP, null), answering("newer"));
        registry.addVerifier(new Ref(5, 0, TeePlatforms.SGX_DCAP, null), answering("older"));
        assertEquals("older", verdictFor(TeePlatforms.SGX_DCAP));
    }

    @Test
    void aVerificationInFlightKeepsTheVerifierItLookedUp() {
        Ref shipped = new Ref(10, 0, TeePlatforms.SGX_DCAP, null);
        TeeVerifier original = answering("shipped");
        registry.addVerifier(shipped, original);
        TeeVerifier inFlight = registry.apply(TeePlatforms.SGX_DCAP).orElseThrow();
        Ref replacement = new Ref(20, 100, TeePlatforms.SGX_DCAP, null);
        registry.addVerifier(replacement, answering("replacement"));
        registry.removeVerifier(shipped);
        assertSame(original, inFlight);
        assertEquals("shipped", inFlight.verify(DCAP, Instant.EPOCH).platformStatus());
        assertEquals("replacement", verdictFor(TeePlatforms.SGX_DCAP));
    }

    @Test
    void deployedListsEachPlatformsActiveVerifierFirstAndWhetherItChecksSignatures() {
        registry.addVerifier(new Ref(1, 0, TeePlatforms.SGX_DCAP, null), answering("a"));
        registry.addVerifier(new Ref(2, 50, TeePlatforms.SGX_DCAP, null), answering("b"));
        registry.addVerifier(new Ref(3, 0, TeePlatforms.CSV, Boolean.FALSE), answering("c"));
        List<TeeVerifierRegistry.Deployed> d = registry.deployed();
        assertEquals(3, d.size());
        assertEquals(TeePlatforms.CSV, d.get(0).platform());
        assertFalse(d.get(0).signaturesChecked());
        assertEquals(2L, d.get(1).serviceId());
        assertTrue(d.get(1).active());
        assertEquals(50, d.get(1).ranking());
        assertFalse(d.get(2).active());
        assertTrue(d.get(2).signaturesChecked());
        assertEquals(List.of(TeePlatforms.SGX_DCAP), new TeeVerifierRegistryStatus(registry).health().details().get("verified"));
        assertEquals(List.of(TeePlatforms.CSV), new TeeVerifierRegistryStatus(registry).health().details().get("unsupported"));
        assertEquals("verified: SGX_DCAP; unsupported (signatures not checked): CSV",
                new TeeVerifierRegistryStatus(registry).health().message());
    }
}
