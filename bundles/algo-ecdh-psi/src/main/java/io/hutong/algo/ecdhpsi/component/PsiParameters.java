/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.algo.ecdhpsi.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.protobuf.Internal.EnumLite;
import com.google.protobuf.ProtocolMessageEnum;

import io.hutong.algo.ecdhpsi.EcSuite;
import io.hutong.algo.ecdhpsi.PointFormat;
import io.hutong.protocol.interconnection.v2.protocol.CurveType;
import io.hutong.protocol.interconnection.v2.protocol.HashToCurveStrategy;
import io.hutong.protocol.interconnection.v2.protocol.HashType;
import io.hutong.protocol.interconnection.v2.protocol.PointOctetFormat;

/**
 * The task parameters of the ECDH-PSI component, read from {@code runtime.component.parameter.<name>} with the
 * names SecretFlow's interconnection container uses ({@code ic_impl} env examples): {@code algo},
 * {@code protocol_families}, {@code curve_type}, {@code hash_type}, {@code hash2curve_strategy},
 * {@code point_octet_format}, {@code bit_length_after_truncated}, {@code result_to_rank}, {@code field_names};
 * plus Hutong's {@code recv_timeout_ms} (yacl's name) and {@code connect_timeout_ms}.
 *
 * <p>Enum values are written as the reference's flags are: the proto enum name with or without its prefix, in any
 * case ({@code curve25519}, {@code CURVE_TYPE_SM2}, {@code sha_256}, {@code x962_compressed}).
 */
public record PsiParameters(EcSuite suite, PointFormat format, int bitLengthAfterTruncated, int resultToRank,
        List<String> fieldNames, Duration recvTimeout, Duration connectTimeout) {

    public static final String ALGO = "algo";
    public static final String PROTOCOL_FAMILIES = "protocol_families";
    public static final String CURVE_TYPE = "curve_type";
    public static final String HASH_TYPE = "hash_type";
    public static final String HASH2CURVE_STRATEGY = "hash2curve_strategy";
    public static final String POINT_OCTET_FORMAT = "point_octet_format";
    public static final String BIT_LENGTH_AFTER_TRUNCATED = "bit_length_after_truncated";
    public static final String RESULT_TO_RANK = "result_to_rank";
    public static final String FIELD_NAMES = "field_names";
    public static final String RECV_TIMEOUT_MS = "recv_timeout_ms";
    public static final String CONNECT_TIMEOUT_MS = "connect_timeout_ms";

    /** Parameters the reference container takes that change nothing here. */
    static final Set<String> ACCEPTED_WITHOUT_EFFECT = Set.of("start_transport", "should_sort", "precheck_input");

    static final Duration DEFAULT_RECV_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Reads and checks the parameters.
     *
     * @throws IllegalArgumentException naming the parameter and the values it may take
     */
    public static PsiParameters of(Map<String, String> p) {
        String algo = p.get(ALGO);
        if (algo != null && !algo.trim().equalsIgnoreCase("ecdh_psi")) {
            throw bad(ALGO, algo, "ecdh_psi");
        }
        String families = p.get(PROTOCOL_FAMILIES);
        if (families != null && List.of(families.toLowerCase(Locale.ROOT).split(",")).stream().map(String::trim)
                .noneMatch("ecc"::equals)) {
            throw bad(PROTOCOL_FAMILIES, families, "ecc");
        }
        CurveType curve = enumValue(p, CURVE_TYPE, "CURVE_TYPE_", CurveType.values())
                .orElse(CurveType.CURVE_TYPE_CURVE25519);
        boolean sm2 = curve == CurveType.CURVE_TYPE_SM2;
        HashType hash = enumValue(p, HASH_TYPE, "HASH_TYPE_", HashType.values()).orElse(HashType.HASH_TYPE_SHA_256);
        HashToCurveStrategy strategy = enumValue(p, HASH2CURVE_STRATEGY, "HASH_TO_CURVE_STRATEGY_",
                HashToCurveStrategy.values()).orElse(!sm2 ? HashToCurveStrategy.HASH_TO_CURVE_STRATEGY_DIRECT_HASH_AS_POINT_X
                        : hash == HashType.HASH_TYPE_SM3 ? HashToCurveStrategy.HASH_TO_CURVE_STRATEGY_TRY_AND_INCREMENT
                                : HashToCurveStrategy.HASH_TO_CURVE_STRATEGY_TRY_AND_REHASH);
        EcSuite suite = null;
        List<String> suites = new ArrayList<>();
        for (EcSuite s : EcSuite.values()) {
            suites.add(describe(s));
            if (s.curve() == curve && s.hash() == hash && s.strategy() == strategy) {
                suite = s;
            }
        }
        if (suite == null) {
            throw new IllegalArgumentException("no ECDH-PSI suite " + name(curve, "CURVE_TYPE_") + " / "
                    + name(hash, "HASH_TYPE_") + " / " + name(strategy, "HASH_TO_CURVE_STRATEGY_")
                    + " (parameters curve_type / hash_type / hash2curve_strategy); supported: " + suites);
        }
        PointFormat format = PointFormat.preferred(suite);
        Optional<PointOctetFormat> octets = enumValue(p, POINT_OCTET_FORMAT, "POINT_OCTET_FORMAT_",
                PointOctetFormat.values());
        if (octets.isPresent()) {
            EcSuite chosen = suite;
            format = PointFormat.of(suite, octets.get().getNumber()).orElseThrow(() -> new IllegalArgumentException(
                    "point_octet_format " + p.get(POINT_OCTET_FORMAT) + " cannot encode points of " + describe(chosen)
                            + "; use " + (chosen.curve() == CurveType.CURVE_TYPE_SM2
                                    ? "x962_compressed, x962_uncompressed or x962_hybrid" : "uncompressed")));
        }
        int bits = integer(p, BIT_LENGTH_AFTER_TRUNCATED, -1);
        if (bits != -1 && (bits <= 0 || bits > 8 * format.length())) {
            throw bad(BIT_LENGTH_AFTER_TRUNCATED, p.get(BIT_LENGTH_AFTER_TRUNCATED), "-1 or 1.." + 8 * format.length());
        }
        int resultToRank = integer(p, RESULT_TO_RANK, -1);
        if (resultToRank < -1 || resultToRank > 1) {
            throw bad(RESULT_TO_RANK, p.get(RESULT_TO_RANK), "-1 (both parties), 0 or 1");
        }
        List<String> fields = new ArrayList<>();
        for (String f : p.getOrDefault(FIELD_NAMES, "id").split(",")) {
            if (!f.isBlank()) {
                fields.add(f.strip());
            }
        }
        if (fields.isEmpty()) {
            throw bad(FIELD_NAMES, p.get(FIELD_NAMES), "one or more column names separated by commas");
        }
        Duration recv = Duration.ofMillis(integer(p, RECV_TIMEOUT_MS, (int) DEFAULT_RECV_TIMEOUT.toMillis()));
        Duration connect = Duration.ofMillis(integer(p, CONNECT_TIMEOUT_MS,
                (int) DEFAULT_CONNECT_TIMEOUT.toMillis()));
        if (recv.isNegative() || recv.isZero() || connect.isNegative() || connect.isZero()) {
            throw new IllegalArgumentException("recv_timeout_ms and connect_timeout_ms must be positive");
        }
        return new PsiParameters(suite, format, bits, resultToRank, List.copyOf(fields), recv, connect);
    }

    /** @return the suite as the parameters name it, e.g. {@code curve25519/sha_256/direct_hash_as_point_x} */
    public static String describe(EcSuite s) {
        return name(s.curve(), "CURVE_TYPE_") + "/" + name(s.hash(), "HASH_TYPE_") + "/"
                + name(s.strategy(), "HASH_TO_CURVE_STRATEGY_");
    }

    /** @return the format as the parameter names it, e.g. {@code x962_compressed} */
    public static String describe(PointFormat f) {
        return name(PointOctetFormat.forNumber(f.code()), "POINT_OCTET_FORMAT_");
    }

    static String name(ProtocolMessageEnum e, String prefix) {
        return ((Enum<?>) e).name().substring(prefix.length()).toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E> & EnumLite> Optional<E> enumValue(Map<String, String> p, String parameter,
            String prefix, E[] values) {
        String raw = p.get(parameter);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String wanted = raw.strip().toUpperCase(Locale.ROOT);
        List<String> allowed = new ArrayList<>();
        for (E e : values) {
            if (e.name().endsWith("UNSPECIFIED") || e.name().equals("UNRECOGNIZED")) {
                continue;
            }
            allowed.add(e.name().substring(prefix.length()).toLowerCase(Locale.ROOT));
            if (e.name().equals(wanted) || e.name().equals(prefix + wanted)) {
                return Optional.of(e);
            }
        }
        throw bad(parameter, raw, String.join(", ", allowed));
    }

    private static int integer(Map<String, String> p, String parameter, int fallback) {
        String raw = p.get(parameter);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw bad(parameter, raw, "an integer");
        }
    }

    private static IllegalArgumentException bad(String parameter, String value, String allowed) {
        return new IllegalArgumentException("parameter " + parameter + " = '" + value + "' is not valid; expected "
                + allowed);
    }
}
