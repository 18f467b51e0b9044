/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi.component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.hutong.api.component.AlgorithmComponent;
import io.hutong.api.component.ComponentDescription;
import io.hutong.api.component.TaskContext;
import io.hutong.api.crypto.X25519;
import io.hutong.api.metrics.ItemsProcessed;

/**
 * The ECDH-PSI open algorithm protocol as this node's algorithm component {@value #NAME}: two parties intersect the
 * key columns of their CSV datasets over the node's transport, wire-compatible with SecretFlow's interconnection
 * container, whose parameter names it takes.
 */
@Component(service = {AlgorithmComponent.class, ComponentDescription.class})
public final class EcdhPsiComponent implements AlgorithmComponent {

    /** The {@code componentName}. */
    public static final String NAME = "ecdh_psi";
    /** The component version. */
    public static final String VERSION = "1.0.0";

    private static final Map<String, Object> SELF_DESCRIPTION = selfDescriptionDocument();

    /** The highest-ranked Curve25519 scalar multiplication; read once when a task starts. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile X25519 x25519;

    /** The node's count of items processed, when the metrics bundle runs; read at each report. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ItemsProcessed itemsProcessed;

    @Override
    public Map<String, Object> selfDescription() {
        return SELF_DESCRIPTION;
    }

    @Override
    public String category() {
        return "INTERSECTION";
    }

    @Override
    public String developer() {
        return "The Hutong Authors";
    }

    @Override
    public void run(TaskContext context) throws Exception {
        new EcdhPsiTask(context, x25519, VERSION, this::processed).run();
    }

    private void processed(long items) {
        ItemsProcessed counter = itemsProcessed;
        if (counter != null) {
            counter.add(NAME, items);
        }
    }

    private static Map<String, Object> selfDescriptionDocument() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("componentName", NAME);
        d.put("title", "ECDH-PSI");
        d.put("provider", "hutong");
        d.put("version", VERSION);
        d.put("description", "Two-party private set intersection by the ECDH-PSI open algorithm protocol,"
                + " wire-compatible with SecretFlow's interconnection container: each party learns (per result_to_rank)"
                + " which of its CSV rows the other party also has, by the values of the key columns.");
        d.put("roleList", List.of("guest", "host"));
        d.put("desVersion", "1.2.0");
        // it reads and writes only through TaskContext.storage(), which the runtime offers for both (S3-3)
        d.put("storageEngine", List.of("file", "s3"));
        d.put("inputParam", List.of(
                param("algo", "string", "ecdh_psi", "the algorithm", values("ecdh_psi")),
                param("protocol_families", "string", "ecc", "protocol family", values("ecc")),
                param("curve_type", "string", "curve25519", "elliptic curve", values("curve25519", "sm2")),
                param("hash_type", "string", "sha_256", "hash of items (sm3 only with sm2)", values("sha_256", "sm3")),
                param("hash2curve_strategy", "string", "direct_hash_as_point_x (curve25519), try_and_rehash (sm2"
                        + " with sha_256), try_and_increment (sm2 with sm3)", "hash-to-curve strategy",
                        values("direct_hash_as_point_x", "try_and_rehash", "try_and_increment")),
                param("point_octet_format", "string", "uncompressed (curve25519), x962_compressed (sm2)",
                        "point serialization", values("uncompressed", "x962_compressed", "x962_uncompressed",
                                "x962_hybrid")),
                param("bit_length_after_truncated", "integer", "-1", "bits of dual ciphertexts announced in the"
                        + " handshake (-1 = none); comparison always uses the last 96 bits", List.of()),
                param("result_to_rank", "integer", "-1", "rank that receives the result, -1 = both; ranks follow"
                        + " the lexicographic order of the roles (guest.0 = 0, host.0 = 1)", values("-1", "0", "1")),
                param("field_names", "string", "id", "key columns, comma-separated, joined in this order",
                        List.of()),
                param("recv_timeout_ms", "integer", "60000", "longest wait for the peer's next message", List.of()),
                param("connect_timeout_ms", "integer", "120000", "longest wait for the peer to join the task",
                        List.of())));
        d.put("inputData", List.of(data("train_data", "dataset", "csv")));
        d.put("outputData", List.of(data("train_data", "dataset", "csv"), data("report", "report", "json")));
        d.put("result", List.of(
                Map.of("resultCode", "0", "resultMessage", "success"),
                Map.of("resultCode", "1", "resultMessage", "failed; the task reason says why")));
        return java.util.Collections.unmodifiableMap(d);
    }

    private static Map<String, Object> param(String name, String type, String defaultValue, String title,
            List<Map<String, String>> binding) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("title", title);
        p.put("type", type);
        if (!binding.isEmpty()) {
            p.put("bindingData", binding);
        }
        p.put("optional", "true");
        p.put("defaultValue", defaultValue);
        return p;
    }

    private static List<Map<String, String>> values(String... values) {
        return java.util.Arrays.stream(values).map(v -> Map.of("label", v, "value", v)).toList();
    }

    private static Map<String, Object> data(String name, String category, String format) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("category", category);
        m.put("dataFormat", List.of(format));
        return m;
    }
}
