/*
 * Copyright 2026 The Hutong Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.hutong.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets the launcher holds itself — the generated web console password and the TLS store passwords —
 * written at every start into the secrets directory of ConfigAdmin's interpolation plugin, where the features
 * name them as {@code $[secret:NAME]} (decision FM6).
 *
 * <p>So ConfigAdmin stores, and the web console's configuration page shows, the reference and never the value,
 * as for every operator secret since FM3. The launcher's own sources stay where operators know them:
 * {@code data/console-credentials.properties} for the console login, {@code HUTONG_TLS_*_PASSWORD} or
 * {@code etc/hutong.properties} for the stores, which the launcher opens before boot to fail a wrong password at
 * once; the files here are their copies for the plugin, renewed at each start.
 */
public final class LauncherSecrets {

    /** Secret name of the web console password. */
    public static final String CONSOLE_PASSWORD = "console-password";

    /** Secret name of the east-west TLS key store password (also the key's). */
    public static final String TLS_KEY_STORE_PASSWORD = "tls-key-store-password";

    /** Secret name of the east-west TLS trust store password. */
    public static final String TLS_TRUST_STORE_PASSWORD = "tls-trust-store-password";

    private LauncherSecrets() {
    }

    /**
     * Writes the node's launcher-held secrets into {@code secrets}, each readable by its owner only.
     *
     * @param secrets the interpolation plugin's secrets directory
     * @throws IllegalArgumentException when a value begins or ends with white space, which the plugin would
     *                                  trim away (naming the secret, never the value)
     */
    public static void write(Path secrets, ConsoleCredentials console, NodeTls tls) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(CONSOLE_PASSWORD, console.password());
        values.putAll(tls.secrets());
        for (Map.Entry<String, String> v : values.entrySet()) {
            if (!v.getValue().equals(v.getValue().strip())) {
                throw new IllegalArgumentException("secret " + v.getKey() + " begins or ends with white space, which"
                        + " ConfigAdmin's interpolation plugin trims; set a value without it");
            }
            // UTF-8, the encoding the core feature gives the plugin
            AdminToken.writeOwnerOnly(secrets.resolve(v.getKey()), v.getValue());
        }
    }
}
