/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.http.impl;

import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.Preprocessor;

import io.hutong.api.http.PlaneTargets;
import io.hutong.api.http.Planes;

/**
 * Puts a {@link PlaneGuard} in front of each HTTP plane as a Servlet Whiteboard preprocessor, so it
 * runs for every request of that listener (REST whiteboard, console, paths no servlet serves) before
 * a servlet is chosen. A change of the configuration re-registers both guards.
 */
@Component(immediate = true, service = {}, configurationPid = EdgeLimits.PID)
@Designate(ocd = EdgeLimits.class)
public class EdgeGuard {

    private final ServiceRegistration<Preprocessor> eastWest;
    private final ServiceRegistration<Preprocessor> admin;

    @Activate
    public EdgeGuard(BundleContext context, EdgeLimits limits) {
        SourceRateLimits rate = limits.rate_limit_requests() <= 0 ? null
                : new SourceRateLimits(limits.rate_limit_requests(),
                        Duration.ofSeconds(Math.max(1, limits.rate_limit_window_seconds())), limits.rate_limit_max_sources());
        Set<String> ratePaths = Arrays.stream(limits.rate_limited_paths()).map(PlaneGuard::normalize).collect(Collectors.toSet());
        PlaneTargets planes = PlaneTargets.of(context);
        eastWest = register(context, planes, Planes.EAST_WEST, new PlaneGuard(limits.east_west_max_body_bytes(),
                limits.ptp_max_body_bytes(), List.of(limits.ptp_path_prefixes()), Map.of(), ratePaths, rate));
        admin = register(context, planes, Planes.ADMIN, new PlaneGuard(limits.admin_max_body_bytes(),
                limits.admin_max_body_bytes(), List.of(), overrides(limits.admin_body_limit_overrides()), Set.of(), null));
    }

    @Deactivate
    void deactivate() {
        eastWest.unregister();
        admin.unregister();
    }

    private static ServiceRegistration<Preprocessor> register(BundleContext context, PlaneTargets planes, String plane,
                                                             PlaneGuard guard) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET, planes.httpTarget(plane));
        // first of any preprocessor that reads or works: nothing should read a body or spend work before the limits
        // hold. Only the request meter of io.hutong.metrics (MAX_VALUE) comes before, to count what this refuses; it
        // reads nothing and only wraps the response to see its status (decision MET3).
        p.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE - 1);
        p.put(Constants.SERVICE_DESCRIPTION, "Hutong edge limits, plane " + plane);
        return context.registerService(Preprocessor.class, guard, p);
    }

    /** @return prefix → bytes from {@code prefix=bytes} entries; a malformed entry is refused with its text */
    static Map<String, Long> overrides(String[] entries) {
        Map<String, Long> m = new HashMap<>();
        for (String e : entries) {
            int eq = e.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("body limit override '" + e + "' is not prefix=bytes");
            }
            m.put(e.substring(0, eq).trim(), Long.parseLong(e.substring(eq + 1).trim()));
        }
        return m;
    }
}
