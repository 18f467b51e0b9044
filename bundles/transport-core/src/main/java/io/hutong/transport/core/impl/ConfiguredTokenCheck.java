/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.transport.core.impl;

import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.hutong.api.transport.PtpCodes;
import io.hutong.api.transport.PtpException;
import io.hutong.api.transport.TokenCheck;

/**
 * A token check an operator switches on with configuration (PID {@code io.hutong.transport.token}):
 * only the listed {@code x-ptp-token} values pass. Without the configuration no check runs and
 * tokens are only passed through; the management layer's permit check is another
 * {@link TokenCheck}.
 */
@Component(configurationPid = "io.hutong.transport.token", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ConfiguredTokenCheck.Config.class)
public class ConfiguredTokenCheck implements TokenCheck {

    /** Accepted tokens. */
    @ObjectClassDefinition(name = "Hutong transport token check", description = "Only messages with one of these x-ptp-token values are queued")
    public @interface Config {
        @AttributeDefinition(name = "Accepted tokens")
        String[] tokens() default {};
    }

    private final Set<String> accepted;

    @Activate
    public ConfiguredTokenCheck(Config config) {
        this.accepted = Set.of(config.tokens());
    }

    @Override
    public void check(String sessionId, String token, Map<String, String> headers) {
        if (token == null || token.isEmpty()) {
            throw new PtpException(PtpCodes.FORBIDDEN, "missing x-ptp-token for session " + sessionId);
        }
        if (!accepted.contains(token)) {
            throw new PtpException(PtpCodes.FORBIDDEN, "x-ptp-token not accepted for session " + sessionId);
        }
    }
}
