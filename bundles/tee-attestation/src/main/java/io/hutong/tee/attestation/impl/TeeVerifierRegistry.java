/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.tee.attestation.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.hutong.api.tee.TeeVerifier;

/**
 * The platform verifiers deployed on this node, keyed by {@code str_tee_platform}: for each platform
 * the highest-ranked {@link TeeVerifier} service answers (design §2, spec 60 §4.2).
 *
 * <p>Callers look a verifier up once per verification and keep the object they got, so a verification
 * in flight finishes on the verifier it started with while the next one already uses a replacement
 * that was deployed meanwhile; no consumer is restarted when verifiers come and go.
 */
@Component(service = TeeVerifierRegistry.class)
public class TeeVerifierRegistry implements Function<String, Optional<TeeVerifier>> {

    /**
     * Service property of a verifier that cannot check signatures (HyperEnclave, Kunpeng, CSV): its
     * answers are always "unsupported"; absent means {@code true}.
     */
    public static final String SIGNATURES_CHECKED = "hutong.tee.signatures.checked";

    // Keyed by reference, whose ordering reads the current service.ranking and service.id, so a
    // ranking changed at runtime takes effect on the next lookup without any update bookkeeping.
    private final Map<ServiceReference<TeeVerifier>, TeeVerifier> verifiers = new ConcurrentHashMap<>();

    /** What an operator needs to know about one deployed verifier. */
    public record Deployed(String platform, boolean active, boolean signaturesChecked, int ranking, long serviceId,
            String bundle, String bundleVersion) {
    }

    @Reference(service = TeeVerifier.class, target = "(" + TeeVerifier.PLATFORM + "=*)",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addVerifier(ServiceReference<TeeVerifier> ref, TeeVerifier verifier) {
        verifiers.put(ref, verifier);
    }

    void removeVerifier(ServiceReference<TeeVerifier> ref) {
        verifiers.remove(ref);
    }

    /**
     * @param platform a {@code str_tee_platform} value
     * @return the verifier that answers for it now: the highest service ranking, then the oldest service
     */
    @Override
    public Optional<TeeVerifier> apply(String platform) {
        Map.Entry<ServiceReference<TeeVerifier>, TeeVerifier> best = null;
        for (Map.Entry<ServiceReference<TeeVerifier>, TeeVerifier> e : verifiers.entrySet()) {
            // compareTo orders by ranking, then by age: the greatest is the one OSGi itself would pick
            if (platformOf(e.getKey()).equals(platform) && (best == null || e.getKey().compareTo(best.getKey()) > 0)) {
                best = e;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.getValue());
    }

    /** @return every deployed verifier, grouped by platform, the active one of each first */
    public List<Deployed> deployed() {
        Map<String, List<ServiceReference<TeeVerifier>>> byPlatform = new TreeMap<>();
        for (ServiceReference<TeeVerifier> ref : List.copyOf(verifiers.keySet())) {
            byPlatform.computeIfAbsent(platformOf(ref), k -> new ArrayList<>()).add(ref);
        }
        List<Deployed> out = new ArrayList<>();
        byPlatform.forEach((platform, refs) -> {
            refs.sort(Comparator.reverseOrder());
            for (int i = 0; i < refs.size(); i++) {
                ServiceReference<TeeVerifier> ref = refs.get(i);
                Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
                Object id = ref.getProperty(Constants.SERVICE_ID);
                var bundle = ref.getBundle();
                out.add(new Deployed(platform, i == 0, signaturesChecked(ref),
                        ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : -1L,
                        bundle == null ? "" : bundle.getSymbolicName(),
                        bundle == null ? "" : bundle.getVersion().toString()));
            }
        });
        return out;
    }

    private static String platformOf(ServiceReference<?> ref) {
        return String.valueOf(ref.getProperty(TeeVerifier.PLATFORM));
    }

    private static boolean signaturesChecked(ServiceReference<?> ref) {
        Object v = ref.getProperty(SIGNATURES_CHECKED);
        return v == null || Boolean.parseBoolean(String.valueOf(v));
    }
}
