/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.api.health;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A Felix {@link HealthCheck} through which a bundle reports the health of the part of the standard it
 * implements, as a {@link Health}.
 *
 * <p>Register it as a {@link HealthCheck} service with {@value HealthCheck#NAME} {@code <layer>/<name>} and
 * {@value HealthCheck#TAGS} {@value #TAG} and {@code hutong.<layer>} (see {@link Layers}), for example
 * {@code @Component(service = HealthCheck.class, property = {"hc.name=core/database", "hc.tags=hutong",
 * "hc.tags=hutong.core"})}. Felix's executor, servlet and web console run it beside the general checks;
 * the status endpoint ({@code GET /v1/admin/status}) and the console list it under {@code health.<layer>}.
 *
 * <p>{@link #execute()} turns the {@link #health()} into a result: UP is OK, DEGRADED is WARN, DOWN is
 * CRITICAL (a {@code health()} that throws is CRITICAL too); the message is the result's one non-debug
 * entry, and each detail a debug entry {@code name=<value as JSON>}, which the status endpoint reads back
 * with its structure. {@link #health()} is called on Felix's executor threads, with a timeout, so it must
 * answer quickly and must not block on the network.
 *
 */
@ConsumerType
public interface LayerCheck extends HealthCheck {

    /** The {@value HealthCheck#TAGS} value every Hutong layer check carries, beside {@code hutong.<layer>}. */
    String TAG = "hutong";

    /** @return the current health; never {@code null} */
    Health health();

    /** @return {@link #health()} as a Felix result */
    @Override
    default Result execute() {
        ResultLog log = new ResultLog();
        Health h;
        try {
            h = health();
        } catch (RuntimeException e) {
            // a contribution that throws is a failed check, not a failed executor
            log.add(new ResultLog.Entry(Result.Status.CRITICAL, "health check failed: " + e));
            return new Result(log);
        }
        Result.Status status = switch (h.state()) {
            case UP -> Result.Status.OK;
            case DEGRADED -> Result.Status.WARN;
            case DOWN -> Result.Status.CRITICAL;
        };
        log.add(new ResultLog.Entry(status, h.message()));
        h.details().forEach((k, v) -> {
            StringBuilder entry = new StringBuilder(k).append('=');
            json(v, entry);
            log.add(new ResultLog.Entry(entry.toString(), true));
        });
        return new Result(log);
    }

    /**
     * Writes a detail value as JSON: the types {@link Health#details()} allows (strings, numbers, booleans,
     * lists, maps), anything else as the string of its {@code toString()}. Written here rather than with
     * Jackson so the API bundle needs no JSON library.
     */
    private static void json(Object v, StringBuilder out) {
        if (v == null || v instanceof Boolean || v instanceof Number && Double.isFinite(((Number) v).doubleValue())) {
            out.append(v);
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.append(sep);
                json(String.valueOf(e.getKey()), out);
                out.append(':');
                json(e.getValue(), out);
                sep = ",";
            }
            out.append('}');
        } else if (v instanceof Collection<?> || v != null && v.getClass().isArray()) {
            Collection<?> items = v instanceof Collection<?> c ? c : java.util.stream.IntStream.range(0, Array.getLength(v))
                    .mapToObj(i -> Array.get(v, i)).toList();
            out.append('[');
            String sep = "";
            for (Object item : items) {
                out.append(sep);
                json(item, out);
                sep = ",";
            }
            out.append(']');
        } else {
            out.append('"');
            for (char c : String.valueOf(v).toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
